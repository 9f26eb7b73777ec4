/**
 * What a run examined of an acquisition and which of its main parts were missing (an androidqf zip holding only
 * getprop.txt): the verdict says "no known traces" only of what was examined.
 */
export interface Coverage {
  /** The main parts of the acquisition that were there to read, in words ("installed apps (packages.json)"). */
  readonly examined: readonly string[];
  /** The main parts the input kind normally holds that this acquisition lacks. */
  readonly missing: readonly string[];
}
