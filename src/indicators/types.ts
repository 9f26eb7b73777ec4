/** Indicator types shared by the loader, the compiled matcher and the engine. */

/** MVT's collection buckets; `type` in a serialized matched_indicator. */
export type IndicatorBucket =
  | "domains"
  | "urls"
  | "processes"
  | "emails"
  | "file_names"
  | "file_paths"
  | "files_md5"
  | "files_sha1"
  | "files_sha256"
  | "app_cert_hashes"
  | "app_ids"
  | "ios_profile_ids"
  | "android_property_names";

/** A match as serialized in alerts (MVT keys first; `id` is the STIX indicator id). */
export interface IndicatorMatch {
  readonly value: string;
  readonly type: IndicatorBucket;
  readonly name: string;
  readonly stix2_file_name: string;
  readonly id: string;
}

export interface Indicator {
  readonly id: string;
  readonly bucket: IndicatorBucket;
  readonly value: string;
}

/** A malware or report object of a bundle with its indicators (MVT: a "collection"). */
export interface Collection {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly stix2_file_name: string;
  readonly stix2_file_path: string;
  readonly indicators: readonly Indicator[];
}

/** What the artifact declarations ask to check a value as. */
export type CheckKind =
  | "url"
  | "domain"
  | "email"
  | "process"
  | "file_name"
  | "file_path"
  | "process_in_path"
  | "hash"
  | "app_id"
  | "cert_hash"
  | "profile_id"
  | "property";

/** Compiled indicators: one cheap lookup structure per bucket, built once. */
export interface IndicatorSet {
  readonly collections: readonly Collection[];
  /** Unique values per bucket over all collections. */
  readonly counts: Readonly<Partial<Record<IndicatorBucket, number>>>;
  readonly total: number;
  match(kind: CheckKind, value: string): IndicatorMatch | undefined;
}
