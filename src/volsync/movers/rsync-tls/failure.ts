// What a failed rsync-TLS run means for the user (decision 14). A wrong key shows in rsync's own
// output only as "error in rsync protocol data stream"; stunnel's handshake errors say what it
// is, so they come first, and the sentence names the key Secret to fix.
import { FailureAnalyzer, NO_SPACE, type FailureRule } from '../../job/failure.js';

export interface RsyncTlsFailureContext {
  isSource: boolean;
  /** The Secret whose psk.txt this side uses. */
  keySecret: string;
  /** `address:port` the source connects to. */
  destination: string;
}

const TLS_HANDSHAKE =
  /SSL_(?:connect|accept):.*(?:alert|binder does not verify|decrypt|bad record mac|no shared cipher|psk|handshake failure|unexpected eof)|No key configured for PSK identity|PSK identity not found/i;
const CONNECT_FAILED = /s_connect: (?:connect|getsockopt) .*?: (.*)$|Connection refused|No route to host|Network is unreachable|s_connect: s_poll_wait .*: TIMEOUTconnect exceeded/i;

/** A stunnel log line without its time stamp and level. */
const stunnelText = (cause: string): string => cause.replace(/^.*?LOG\d\[[^\]]*\]:\s*/, '');

export function rsyncTlsFailureAnalyzer(c: RsyncTlsFailureContext): FailureAnalyzer {
  const secret = `Secret "${c.keySecret}"`;
  const tlsHandshake: FailureRule = {
    pattern: TLS_HANDSHAKE,
    explain: () =>
      `TLS handshake with the destination ${c.destination} failed: the pre-shared key in ${secret} (psk.txt) is not the destination's. ` +
      `Copy the destination's key Secret (its status.rsyncTLS.keySecret) to this namespace and name it in spec.rsyncTLS.keySecret`,
  };
  const noSpace: FailureRule = {
    pattern: NO_SPACE,
    explain: (cause) => `the destination volume is full (${cause}); give the ReplicationDestination more room (spec.rsyncTLS.capacity, or a larger destinationPVC)`,
  };
  const connectFailed: FailureRule = {
    pattern: CONNECT_FAILED,
    explain: (cause) =>
      `cannot connect to the destination ${c.destination} (${stunnelText(cause)}): check that its ReplicationDestination exists and is running, ` +
      `and that spec.rsyncTLS.address is its status.rsyncTLS.address`,
  };
  const permissionDenied: FailureRule = {
    pattern: /Permission denied/,
    explain: (cause) =>
      `the destination cannot write the volume (${cause}): run privileged movers there (namespace annotation volsync.backube/privileged-movers: "true") ` +
      `or give the mover a user that owns the files (spec.rsyncTLS.moverSecurityContext)`,
  };
  // The TLS session was up and the destination went away: its own status says why.
  const transferEnded: FailureRule = {
    pattern: /connection unexpectedly closed|Connection reset by peer|error in rsync protocol data stream|safe_read failed/,
    explain: (cause) =>
      `the destination ${c.destination} ended the transfer (${cause}): see its ReplicationDestination's condition and events (its volume may be full, or its mover stopped)`,
  };
  const noAddress: FailureRule = {
    pattern: /Remote host address must be provided/,
    explain: () => 'spec.rsyncTLS.address is not set: set it to the address in the ReplicationDestination status (status.rsyncTLS.address)',
  };
  const noKey: FailureRule = { pattern: /psk\.txt not found or not readable/, explain: () => `${secret} has no readable psk.txt` };
  // A destination never fails because of a source (a wrong key, a dropped connection): its log
  // has such lines from earlier clients, which say nothing about why it ended.
  const rules = c.isSource
    ? [tlsHandshake, noSpace, connectFailed, permissionDenied, transferEnded, noAddress, noKey]
    : [noSpace, permissionDenied, noKey];
  return new FailureAnalyzer(rules, 'the rsync-tls mover');
}
