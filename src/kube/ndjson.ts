import { StringDecoder } from 'node:string_decoder';

/**
 * Splits a byte stream into lines as the bytes arrive. A line (or a multi-byte character) may be
 * cut across chunks, so both the partial text and the partial character are carried over.
 */
export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private pending = '';

  push(chunk: Buffer | string): string[] {
    this.pending += typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    const lines = this.pending.split('\n');
    this.pending = lines.pop() ?? '';
    return lines.filter((l) => l.trim() !== '');
  }

  /** What is left when the stream ends without a final newline. */
  end(): string[] {
    const rest = this.pending + this.decoder.end();
    this.pending = '';
    return rest.trim() === '' ? [] : [rest];
  }
}
