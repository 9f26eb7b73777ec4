/** Usage mistakes: one line and where to read how the command is used (exit 2), never the whole help. */
import { SpyglassError } from "../core/errors.ts";

export const usageError = (message: string, command?: string): SpyglassError =>
  new SpyglassError("E_USAGE", `${message} (see spyglass ${command ? command + " " : ""}--help)`);
