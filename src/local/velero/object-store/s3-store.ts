import { Agent as HttpsAgent } from 'node:https';
import { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
  type PutObjectCommandInput,
  type ServerSideEncryption,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { rootPrefix, validateKeyPrefix, validateObjectKey } from '../layout.js';
import { ObjectNotFoundError, type ObjectStore } from './object-store.js';

export interface S3Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface S3ObjectStoreOptions {
  bucket: string;
  /** The BSL's `objectStorage.prefix`; slashes around it are ignored. */
  prefix?: string;
  region: string;
  /** For S3-compatible services (MinIO, Ceph, s3rver…); absent means AWS. */
  endpoint?: string;
  forcePathStyle: boolean;
  /** Absent: the SDK's default chain (environment, shared files, instance role). */
  credentials?: S3Credentials;
  /** Passed through on every put, e.g. `AES256` or `aws:kms`. */
  serverSideEncryption?: string;
  kmsKeyId?: string;
  /** PEM bundle trusted for a private endpoint's certificate. */
  caCert?: string;
  insecureSkipTLSVerify?: boolean;
  /** Multipart part size; memory per upload is about queueSize × partSize. */
  partSizeBytes?: number;
}

// A blackholed endpoint must fail a validation, not hang it.
const CONNECTION_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 5 * 60_000;
const MIN_PART_SIZE = 5 * 1024 * 1024;
const UPLOAD_QUEUE_SIZE = 4;

/**
 * An object store in an S3 bucket under a prefix. Puts stream through multipart uploads, so a
 * tarball never sits whole in memory; S3 makes an object visible only once complete. Errors name
 * the operation, bucket and endpoint — never the credentials.
 */
export class S3ObjectStore implements ObjectStore {
  readonly description: string;
  private readonly client: S3Client;
  private readonly root: string;

  constructor(private readonly opts: S3ObjectStoreOptions) {
    this.root = rootPrefix(opts.prefix);
    this.description = `s3://${opts.bucket}/${this.root}${opts.endpoint ? ` at ${opts.endpoint}` : ''}`;
    const httpsAgent =
      opts.caCert || opts.insecureSkipTLSVerify
        ? new HttpsAgent({ keepAlive: true, ca: opts.caCert || undefined, rejectUnauthorized: !opts.insecureSkipTLSVerify })
        : undefined;
    this.client = new S3Client({
      region: opts.region,
      endpoint: opts.endpoint,
      forcePathStyle: opts.forcePathStyle,
      credentials: opts.credentials,
      // S3-compatible stores often reject the SDK's newer default integrity headers.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      requestHandler: { connectionTimeout: CONNECTION_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS, ...(httpsAgent ? { httpsAgent } : {}) },
    });
  }

  async put(key: string, body: Readable | Buffer | string): Promise<void> {
    validateObjectKey(key);
    const params: PutObjectCommandInput = { Bucket: this.opts.bucket, Key: this.root + key, Body: body };
    if (this.opts.serverSideEncryption) params.ServerSideEncryption = this.opts.serverSideEncryption as ServerSideEncryption;
    if (this.opts.kmsKeyId) params.SSEKMSKeyId = this.opts.kmsKeyId;
    const upload = new Upload({
      client: this.client,
      params,
      partSize: Math.max(MIN_PART_SIZE, this.opts.partSizeBytes ?? MIN_PART_SIZE),
      queueSize: UPLOAD_QUEUE_SIZE,
      leavePartsOnError: false,
    });
    try {
      await upload.done();
    } catch (err) {
      if (body instanceof Readable) body.destroy();
      throw this.wrap('put', key, err);
    }
  }

  async get(key: string): Promise<Readable> {
    validateObjectKey(key);
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.opts.bucket, Key: this.root + key }));
      if (!(out.Body instanceof Readable)) throw new Error('response body is not a stream');
      return out.Body;
    } catch (err) {
      if (isNotFound(err)) throw new ObjectNotFoundError(key);
      throw this.wrap('get', key, err);
    }
  }

  async exists(key: string): Promise<boolean> {
    validateObjectKey(key);
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.opts.bucket, Key: this.root + key }));
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw this.wrap('head', key, err);
    }
  }

  async delete(key: string): Promise<void> {
    validateObjectKey(key);
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.opts.bucket, Key: this.root + key }));
    } catch (err) {
      if (isNotFound(err)) return;
      throw this.wrap('delete', key, err);
    }
  }

  /** Every key starting with `prefix`, in S3's lexical order. */
  async *list(prefix: string): AsyncIterable<string> {
    validateKeyPrefix(prefix);
    let token: string | undefined;
    do {
      let page;
      try {
        page = await this.client.send(new ListObjectsV2Command({ Bucket: this.opts.bucket, Prefix: this.root + prefix, ContinuationToken: token }));
      } catch (err) {
        throw this.wrap('list', prefix, err);
      }
      for (const object of page.Contents ?? []) {
        if (object.Key?.startsWith(this.root)) yield object.Key.slice(this.root.length);
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  /** Names of the common prefixes directly under `prefix` (a directory: `backups` = `backups/`), sorted. */
  async listPrefixes(prefix: string): Promise<string[]> {
    validateKeyPrefix(prefix);
    const dir = this.root + (prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`);
    const names: string[] = [];
    let token: string | undefined;
    do {
      let page;
      try {
        page = await this.client.send(new ListObjectsV2Command({ Bucket: this.opts.bucket, Prefix: dir, Delimiter: '/', ContinuationToken: token }));
      } catch (err) {
        throw this.wrap('list', prefix, err);
      }
      for (const common of page.CommonPrefixes ?? []) {
        if (common.Prefix?.startsWith(dir)) names.push(common.Prefix.slice(dir.length).replace(/\/$/, ''));
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return names.sort();
  }

  /** Releases the client's sockets. */
  close(): void {
    this.client.destroy();
  }

  private wrap(operation: string, key: string, err: unknown): Error {
    const target = key === '' ? this.description : `"${key}" in ${this.description}`;
    return new S3StoreError(`${operation} ${target}: ${describeS3Error(err)}`, err);
  }
}

export class S3StoreError extends Error {
  constructor(message: string, cause: unknown) {
    super(message, { cause });
    this.name = 'S3StoreError';
  }
}

function isNotFound(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === 'NoSuchKey' || e.name === 'NotFound' || (e.$metadata?.httpStatusCode === 404 && e.name !== 'NoSuchBucket');
}

/** `<Code>: <Message>` for service errors, as Velero reduces XML error bodies; the cause otherwise. */
function describeS3Error(err: unknown): string {
  if (typeof err !== 'object' || err === null) return String(err);
  const e = err as { name?: string; message?: string; code?: string; $metadata?: { httpStatusCode?: number }; errors?: unknown[] };
  if (e.$metadata?.httpStatusCode) {
    const code = e.name && e.name !== 'Error' ? e.name : `HTTP ${e.$metadata.httpStatusCode}`;
    return e.message && e.message !== e.name && e.message !== 'UnknownError' ? `${code}: ${e.message}` : code;
  }
  // Node's AggregateError (IPv4 and IPv6 both refused) has an empty message; use its parts.
  if (Array.isArray(e.errors) && e.errors.length > 0) {
    return e.errors.map((inner) => (inner instanceof Error ? inner.message : String(inner))).join('; ');
  }
  return e.message || e.code || e.name || 'unknown error';
}
