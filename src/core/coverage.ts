/** What a run examined of an acquisition, and which of its main parts were missing (issue 15, item 1). */
export interface Coverage { readonly examined: readonly string[]; readonly missing: readonly string[] }
