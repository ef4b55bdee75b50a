// Makes the Sigstore bundle fixtures for Drydock's tests (SigstoreFixtures) with sigstore-js (@sigstore/sign,
// @sigstore/bundle), so Drydock's reader is checked against bundles it did not write itself.
//   npm install && node make-bundles.mjs ../../main/resources/io/drydock/testing/sigstore-bundles
// Writes: key.pub (ECDSA P-256, as cosign's key pairs), image-config.json and image-manifest.json
// (a tiny OCI image whose digest the statements name), and bundles shaped as cosign 3 writes them:
//   sign.bundle.json          DSSE, in-toto Statement v1, predicateType https://sigstore.dev/cosign/sign/v1
//   attest-vuln.bundle.json   DSSE, cosign's vulnerability predicate with scanFinishedOn and an
//                             empty Drydock scan report
//   other-subject.bundle.json DSSE sign/v1 statement naming another digest
//   blob.bundle.json          a message-signature bundle (cosign sign-blob), not an image signature
// The keys are made anew on every run; the tests read only the public one.
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DSSEBundleBuilder, MessageSignatureBundleBuilder } from '@sigstore/sign';
import { bundleToJSON } from '@sigstore/bundle';

const out = process.argv[2] ?? '../../main/resources/io/drydock/testing/sigstore-bundles';
mkdirSync(out, { recursive: true });
const sha256 = (b) => createHash('sha256').update(b).digest('hex');

const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const publicPem = publicKey.export({ type: 'spki', format: 'pem' });
writeFileSync(join(out, 'key.pub'), publicPem);

const config = Buffer.from(
  '{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}}');
const manifest = Buffer.from(
  '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",' +
  '"config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:' +
  sha256(config) + '","size":' + config.length + '},"layers":[]}');
writeFileSync(join(out, 'image-config.json'), config);
writeFileSync(join(out, 'image-manifest.json'), manifest);
const imageHex = sha256(manifest);

const signer = {
  sign: async (data) => ({
    signature: sign('sha256', data, privateKey),
    key: { $case: 'publicKey', publicKey: publicPem, hint: '' },
  }),
};
const statement = (hex, predicateType, predicate) => Buffer.from(JSON.stringify({
  _type: 'https://in-toto.io/Statement/v1',
  subject: [{ name: 'app', digest: { sha256: hex } }],
  predicateType,
  predicate,
}));
const dsse = new DSSEBundleBuilder({ signer, witnesses: [] });
const write = async (name, builder, artifact) =>
  writeFileSync(join(out, name), JSON.stringify(bundleToJSON(await builder.create(artifact)), null, 2) + '\n');

const SIGN = 'https://sigstore.dev/cosign/sign/v1';
const VULN = 'https://cosign.sigstore.dev/attestation/vuln/v1';
await write('sign.bundle.json', dsse,
  { data: statement(imageHex, SIGN, {}), type: 'application/vnd.in-toto+json' });
await write('attest-vuln.bundle.json', dsse, {
  data: statement(imageHex, VULN, {
    invocation: { parameters: null, uri: '', event_id: '', 'builder.id': '' },
    // the smallest Drydock JSON report (schemaVersion 1, no findings), so a policy can read it
    scanner: {
      uri: 'pkg:github/drydock', version: '0', db: { uri: '', version: '' },
      result: { schemaVersion: 1, findings: [] },
    },
    metadata: { scanStartedOn: '2026-01-01T09:59:55Z', scanFinishedOn: '2026-01-01T10:00:00Z' },
  }),
  type: 'application/vnd.in-toto+json',
});
await write('other-subject.bundle.json', dsse,
  { data: statement('0'.repeat(64), SIGN, {}), type: 'application/vnd.in-toto+json' });
await write('blob.bundle.json', new MessageSignatureBundleBuilder({ signer, witnesses: [] }),
  { data: manifest });
console.log('image digest sha256:' + imageHex);
