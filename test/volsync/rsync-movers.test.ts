// The rsync movers' pure parts: the pre-shared key format, the symlinks the source reports, the
// log lines latestMoverStatus keeps, and the sentences failed runs become (from real stunnel and
// ssh output).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generatePsk, pskProblem } from '../../src/volsync/movers/rsync-tls/psk.js';
import { changedSymlinks } from '../../src/volsync/movers/rsync-tls/client.js';
import { rsyncTlsFailureLine, rsyncTlsSuccessLine } from '../../src/volsync/movers/rsync-tls/log-filter.js';
import { rsyncTlsFailureAnalyzer } from '../../src/volsync/movers/rsync-tls/failure.js';
import { rsyncFailureAnalyzer } from '../../src/volsync/movers/rsync/failure.js';
import { rsyncSuccessLine } from '../../src/volsync/movers/rsync/log-filter.js';

describe('rsync-TLS pre-shared key', () => {
  it('generates volsync:<128 hex digits>, which is valid', () => {
    const psk = generatePsk();
    assert.match(psk, /^volsync:[0-9a-f]{128}$/);
    assert.equal(pskProblem(psk), undefined);
  });

  it("accepts the documentation's format and explains what is wrong otherwise", () => {
    assert.equal(pskProblem(`1:${'23b7'.repeat(8)}\n`), undefined);
    assert.equal(pskProblem(''), 'it is empty');
    assert.equal(pskProblem('0123456789abcdef0123456789abcdef'), 'a line has no "<identity>:" before the key');
    assert.equal(pskProblem(`id:${'g'.repeat(32)}`), 'the key after "<identity>:" has characters that are not hexadecimal digits');
    assert.equal(pskProblem('id:abcd'), 'the key after "<identity>:" has 4 hexadecimal digits, at least 32 are needed');
  });
});

describe('rsync-TLS source output', () => {
  it('lists the symlinks rsync created or changed (cL lines)', () => {
    const out = ['cL+++++++++ abs -> /etc/passwd', '>f+++++++++ dir/a', 'cL+++++++++ dir/with space -> ../x', 'cLc.T...... rel -> dir/a', ''].join('\n');
    assert.deepEqual(changedSymlinks(out), ['abs', 'dir/with space', 'rel']);
  });

  it('keeps the summary lines on success and rsync, fail and error lines on failure', () => {
    assert.ok(rsyncTlsSuccessLine('sent 810 bytes  received 98 bytes  363.20 bytes/sec'));
    assert.ok(rsyncTlsSuccessLine('total size is 10.49M  speedup is 11,548.22'));
    assert.ok(rsyncTlsSuccessLine('rsync completed in 3s'));
    assert.ok(!rsyncTlsSuccessLine('2026.12.03 00:35:10 LOG5[0]: s_connect: connected 127.9.9.9:8000'));
    assert.ok(rsyncTlsFailureLine('rsync error: error in rsync protocol data stream (code 12) at io.c(340) [sender=3.5.0]'));
    assert.ok(
      rsyncTlsFailureLine(
        '2026.12.03 00:35:10 LOG3[0]: SSL_connect: ../ssl/record/rec_layer_s3.c:1601: error:0A000417:SSL routines::sslv3 alert illegal parameter',
      ),
    );
    assert.ok(!rsyncTlsFailureLine('2026.12.03 00:35:10 LOG7[0]: TLS state (connect): SSLv3/TLS write client hello'));
  });
});

describe('rsync-TLS failure sentences', () => {
  const source = { isSource: true, keySecret: 'my-key', destination: '127.1.2.3:8000' };

  it('names the key Secret on a TLS handshake failure, not the protocol error rsync prints', () => {
    const a = rsyncTlsFailureAnalyzer(source);
    a.observe('rsync: [sender] safe_read failed to read 1 bytes: Connection reset by peer (104)');
    a.observe('2026.12.03 00:35:10 LOG3[0]: SSL_connect: ../ssl/record/rec_layer_s3.c:1601: error:0A000417:SSL routines::sslv3 alert illegal parameter');
    a.observe('rsync error: error in rsync protocol data stream (code 12) at io.c(340) [sender=3.5.0]');
    assert.match(
      a.message(),
      /^TLS handshake with the destination 127\.1\.2\.3:8000 failed: the pre-shared key in Secret "my-key" \(psk\.txt\) is not the destination's/,
    );
  });

  it('says when the destination cannot be reached', () => {
    const a = rsyncTlsFailureAnalyzer(source);
    a.observe('2026.12.03 01:00:00 LOG3[0]: s_connect: connect 127.1.2.3:8000: Connection refused (111)');
    assert.match(a.message(), /^cannot connect to the destination 127\.1\.2\.3:8000 \(s_connect: connect 127\.1\.2\.3:8000: Connection refused \(111\)\)/);
  });

  it('judges a destination only by its own causes', () => {
    const a = rsyncTlsFailureAnalyzer({ ...source, isSource: false });
    a.observe('2026.12.03 00:35:10 LOG3[0]: SSL_accept: ../ssl/statem/extensions.c:1578: error:0A0000FD:SSL routines::binder does not verify');
    a.observe('No space left on device: the volume of PersistentVolumeClaim dst/volsync-good-dst is full: 21000000 bytes used, capacity 20971520 bytes');
    assert.match(a.message(), /^the destination volume is full/);
  });
});

describe('rsync over ssh', () => {
  it('keeps the anchored summary lines on success', () => {
    assert.ok(rsyncSuccessLine('sent 810 bytes  received 98 bytes  363.20 bytes/sec'));
    assert.ok(rsyncSuccessLine('Rsync completed in 1s'));
    assert.ok(!rsyncSuccessLine('>f+++++++++ sent bytes received bytes'));
  });

  it('names the key Secret when the host key does not match or the key is refused', () => {
    const host = rsyncFailureAnalyzer({ isSource: true, sshKeys: 'keys', destination: '127.1.2.3:22' });
    host.observe('Host key verification failed.');
    assert.match(host.message(), /did not present the host key in Secret "keys"/);
    const refused = rsyncFailureAnalyzer({ isSource: true, sshKeys: 'keys', destination: '127.1.2.3:22' });
    refused.observe('root@127.1.2.3: Permission denied (publickey).');
    assert.match(refused.message(), /refused the source key in Secret "keys"/);
  });
});
