// Names the format of an indicator file before parsing it, so that a STIX 1.x XML package or a MISP event gets a
// message saying what it is (and what to do) instead of a JSON syntax error. Runs in browsers too.
import { SpyglassError } from "../core/errors.ts";
import { looksLikeStalkerwareYaml } from "./stalkerware.ts";

export type IndicatorFormat = "stix2" | "stalkerware-yaml";

const refuse = (name: string, path: string, what: string): never => {
  throw new SpyglassError("E_INDICATORS", `${name}: ${what}`, { file: path });
};

/** The format of an indicator file's text; throws E_INDICATORS naming formats Spyglass does not read. */
export function sniffIndicatorFormat(text: string, name: string, path: string): IndicatorFormat {
  const head = text.slice(0, 4096).replace(/^\uFEFF/, "").trimStart();
  if (head.startsWith("<")) {
    if (/STIX_Package|stix\.mitre\.org/i.test(head)) return refuse(name, path, "a STIX 1.x XML package; Spyglass reads STIX 2 JSON bundles (convert it, e.g. with OASIS's stix2-elevator)");
    return refuse(name, path, "an XML file, not a STIX 2 bundle");
  }
  if (head.startsWith("{") || head.startsWith("[")) {
    // MISP exports an event as {"Event": {...}} or {"response": [{"Event": ...}]}; attributes carry "Attribute".
    if (/^\{\s*"(Event|response|Attribute)"\s*:/.test(head)) return refuse(name, path, "a MISP JSON event; Spyglass reads STIX 2 bundles (export the event from MISP as STIX 2)");
    return "stix2";
  }
  if (looksLikeStalkerwareYaml(text)) return "stalkerware-yaml";
  return "stix2"; // the JSON parser then names the problem
}
