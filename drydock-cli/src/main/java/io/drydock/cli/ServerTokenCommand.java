package io.drydock.cli;

import io.drydock.server.api.Tokens;
import io.drydock.server.db.Database;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code drydock server token create|list|revoke}: the API's bearer tokens. */
@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    header = "Create, list and revoke the server's API tokens.",
    description = {
      "API tokens of the server. Only a token's SHA-256 is stored; its secret is printed once,",
      "by create. Use it as 'Authorization: Bearer <token>'."
    },
    subcommands = {
      ServerTokenCommand.Create.class,
      ServerTokenCommand.ListTokens.class,
      ServerTokenCommand.Revoke.class
    })
final class ServerTokenCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
  }

  static Database open(ServerDbOptions db) throws java.io.IOException {
    return Database.open(db.url(), db.dbUser, db.password(), 2);
  }

  /** {@code drydock server token create NAME}. */
  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = "Create a token and print its secret (stdout) — the only time it is shown.")
  static final class Create implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "The token's name (letters, digits, . _ -).")
    String name;

    @Mixin ServerDbOptions db;

    @Override
    public Integer call() throws Exception {
      try (Database d = open(db)) {
        String secret = new Tokens(d, Clock.systemUTC()).create(name);
        spec.commandLine().getOut().println(secret);
        spec.commandLine()
            .getErr()
            .println("drydock server: token " + name + " created; it is not shown again");
      }
      return 0;
    }
  }

  /** {@code drydock server token list}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List the tokens: name, created, last used (never the secrets).")
  static final class ListTokens implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin ServerDbOptions db;

    @Override
    public Integer call() throws Exception {
      try (Database d = open(db)) {
        List<Tokens.TokenInfo> tokens = new Tokens(d, Clock.systemUTC()).list();
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%-24s %-24s %s%n", "NAME", "CREATED", "LAST USED");
        for (Tokens.TokenInfo t : tokens) {
          out.printf(
              "%-24s %-24s %s%n",
              t.name(),
              Instant.ofEpochMilli(t.createdAt()),
              t.lastUsed() == null ? "never" : Instant.ofEpochMilli(t.lastUsed()).toString());
        }
      }
      return 0;
    }
  }

  /** {@code drydock server token revoke NAME}. */
  @Command(
      name = "revoke",
      mixinStandardHelpOptions = true,
      description = "Delete a token; requests with it are refused at once.")
  static final class Revoke implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "The token's name.")
    String name;

    @Mixin ServerDbOptions db;

    @Override
    public Integer call() throws Exception {
      try (Database d = open(db)) {
        if (!new Tokens(d, Clock.systemUTC()).revoke(name)) {
          throw new IllegalArgumentException("token " + name + ": no such token");
        }
        spec.commandLine().getErr().println("drydock server: token " + name + " revoked");
      }
      return 0;
    }
  }
}
