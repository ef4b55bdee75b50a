/**
 * The rebuild path of refresh: when an app's base image is updated and a rebase is not wanted (or
 * not possible), ask the app's own CI to build it again, then wait for the new image.
 *
 * <ul>
 *   <li>{@link io.drydock.refresh.rebuild.RebuildTrigger}: one kind per CI (generic webhook with a
 *       templated body, GitHub {@code repository_dispatch}, Azure Pipelines run, Jenkins {@code
 *       buildWithParameters}, GitLab pipeline trigger), read from configuration by {@link
 *       io.drydock.refresh.rebuild.RebuildTrigger#fromConfig}; each turns a {@link
 *       io.drydock.refresh.rebuild.RebuildContext} into exactly one HTTP request ({@link
 *       io.drydock.refresh.rebuild.TriggerRequest}). Secrets come from the environment at trigger
 *       time, through {@code ${env:NAME}} or a {@code tokenEnv} field, and never appear in
 *       messages.
 *   <li>{@link io.drydock.refresh.rebuild.TriggerClient} sends the request ({@code java.net.http}).
 *   <li>{@link io.drydock.refresh.rebuild.RebuildWaiter} polls the app's tag until it points at a
 *       digest other than the old one.
 *   <li>{@link io.drydock.refresh.rebuild.Rebuild}: trigger, then wait.
 * </ul>
 */
package io.drydock.refresh.rebuild;
