/** The `spyglass` command line. */
import { Command, CommanderError } from "commander";
import { distance } from "fastest-levenshtein";
import { SpyglassError } from "../core/errors.ts";
import { artifactsFor, findArtifact } from "../artifacts/select.ts";
import { checkBackup } from "./check-backup.ts";
import { checkFs } from "./check-fs.ts";
import { checkSysdiagnose } from "./check-sysdiagnose.ts";
import { checkIocs } from "./check-iocs.ts";
import { registerReport } from "./report.ts";
import { registerCheckLink } from "./check-link.ts";
import { registerWeb } from "./web.ts";
import { decryptBackup, extractKey } from "./decrypt-backup.ts";
import { checkAndroidBackup, checkAndroidqf, checkBugreport, checkIntrusionLogs } from "./check-android.ts";
import { registerIndicators } from "./indicators-cmd.ts";
import { EXIT, type CommonOptions } from "./common.ts";
import { table } from "./console.ts";
import { VERSION } from "./version.ts";
import { plainFsError } from "./fs-error.ts";
import { usageError } from "./usage.ts";
import type { AnyArtifact, InputKind } from "../core/artifact.ts";
import { terminalSafe } from "../outputs/terminal-safe.ts";
import { recoverRawPaths } from "../node/raw-argv.ts";

const EXIT_HELP = `
Exit codes (one per verdict):
  0   no known traces found (this never proves a phone clean); an outdated phone still gets "Update needed"
  10  traces of known spyware found: an indicator matched
  11  suspicious, needs expert review: heuristics that point at compromise, lookalike links (an exploited app or
      OS version alone never raises the verdict: it is listed under "Update needed")
  1   error (the message names the file; a wrong password is one)
  2   usage error: a mistyped command line, an input that is not what the command reads (the message says what
      it is and which command reads it), a results folder inside the evidence or holding earlier results;
      or an indicator bundle with problems (indicators check)

Spyglass never goes online while it analyses: evidence stays on this machine.`;

const DECRYPT_EXIT_HELP = `
Exit codes:
  0   every file was decrypted
  1   error (the message names the file; a wrong password is one), or some files could not be decrypted
  2   usage error (a mistyped command line, a destination inside the backup or not empty)`;

const IOCS_HELP = "STIX2 bundle or folder of bundles (repeatable; default: the bundled Amnesty indicators)";
const OVERWRITE_HELP = "replace the earlier results in the results folder (only a folder of Spyglass or MVT results is emptied)";

const collect = (v: string, prev: string[] = []) => [...prev, v];


// MVT's option on its iOS checks; what it skips is marked on the modules (`slow` checks, ParseContext.fast).
const fastOption = (c: Command) => c.option("-f, --fast", "skip slow heuristics, as MVT's --fast (on a dump: process names in every path, missing process binaries)");
const passwordOptions = (c: Command) =>
  c
    .option("-p, --password <password>", "password of an encrypted backup (prefer SPYGLASS_BACKUP_PASSWORD or the no-echo prompt)")
    .option("-k, --key-file <file>", "key of an encrypted backup saved by extract-key");

/** The modules a command runs: those of its input kinds (androidqf mounts the other Android kinds). */
const modulesOf = (kinds: readonly InputKind[]): AnyArtifact[] => [...new Set(kinds.flatMap((k) => artifactsFor(k)))];

function listModules(kinds: readonly InputKind[]): void {
  const rows = modulesOf(kinds).map((a) => [a.mvt, a.slug, a.description]);
  process.stdout.write(table(["module", "output", "what it reads"], rows) + "\n");
}

/** An unknown --module name is a usage error naming the nearest module names. */
function checkModuleNames(command: string, kinds: readonly InputKind[], names: readonly string[] | undefined): void {
  const modules = modulesOf(kinds);
  for (const name of names ?? []) {
    if (findArtifact(name, modules)) continue;
    // Each module once, by its output name (the MVT name when it differs only in case).
    const all = [...new Map(modules.flatMap((a) => [a.mvt, a.slug]).map((n) => [n.toLowerCase(), n] as const)).values()];
    const near = all.sort((a, b) => distance(name.toLowerCase(), a.toLowerCase()) - distance(name.toLowerCase(), b.toLowerCase())).slice(0, 3);
    throw usageError(`unknown module "${name}" for ${command}; nearest: ${near.join(", ")} (--list-modules lists them all)`, command);
  }
}

type CheckOptions = CommonOptions & { listModules?: boolean };

function checkCommand(program: Command, name: string, kinds: readonly InputKind[], what: string, run: (path: string, o: CommonOptions) => Promise<number>, examples: string, extra: (c: Command) => Command = (c) => c) {
  extra(program.command(`${name} [path]`))
    .description(what)
    .option("-o, --output <dir>", "results folder (created if missing; must not be inside the evidence)", "spyglass-results")
    .option("--overwrite", OVERWRITE_HELP)
    .option("-i, --iocs <file>", IOCS_HELP, collect)
    .option("--no-indicators", "skip indicators: heuristics only")
    .option("--no-carve", "do not recover deleted records from the databases' free space (faster; deleted traces go unchecked)")
    .option("-m, --module <name>", "run only this module and what it needs (repeatable)", collect)
    .option("-l, --list-modules", "list the modules and exit")
    .option("--json", "print a machine-readable summary on stdout")
    .addHelpText("after", `\nExamples:\n${examples}\n${EXIT_HELP}`)
    .action(async (path: string | undefined, o: CheckOptions) => {
      if (o.listModules) return listModules(kinds);
      if (!path) throw usageError(`${name} needs a path`, name);
      checkModuleNames(name, kinds, o.module);
      process.exitCode = await run(path, { ...o, iocs: o.iocs ?? [] });
    });
}

export async function main(argv: string[]): Promise<void> {
  // Output piped into a reader that stops early (`| head`): end quietly, not with a stack trace.
  process.stdout.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code !== "EPIPE") throw err;
    process.exit(process.exitCode ?? 0);
  });
  const program = new Command("spyglass")
    .version(VERSION)
    .description("Checks a phone acquisition for traces of mercenary spyware (Pegasus, Predator and kin). Offline, MVT-compatible.")
    // Usage mistakes are one line and a pointer to --help (below), not the whole help; subcommands inherit this.
    .exitOverride()
    .configureOutput({ outputError: () => {} })
    .addHelpText("after", EXIT_HELP);

  checkCommand(program, "check-backup", ["ios-backup"], "check an iTunes/Finder backup of an iPhone", checkBackup,
    "  spyglass check-backup ~/Library/Application\\ Support/MobileSync/Backup/00008030-001A --output results/\n" +
    "  spyglass check-backup backup/ --iocs pegasus.stix2 --iocs predator/ --json\n" +
    "  spyglass check-backup backup/ --module sms --no-indicators\n" +
    "  SPYGLASS_BACKUP_PASSWORD=… spyglass check-backup encrypted-backup/ -o results/",
    (c) => fastOption(passwordOptions(c)));

  checkCommand(program, "check-fs", ["ios-fs"], "check an iPhone full-filesystem dump (folder, .tar, .tar.gz or .zip)", checkFs,
    "  spyglass check-fs extraction/ --output results/\n" +
    "  spyglass check-fs iphone-ffs.tar --iocs pegasus.stix2 -o results/\n" +
    "  spyglass check-fs iphone-ffs.zip --module filesystem --module datausage", fastOption);
  checkCommand(program, "check-sysdiagnose", ["sysdiagnose"], "check an iPhone sysdiagnose (the .tar.gz the phone writes, or its unpacked folder)", checkSysdiagnose,
    "  spyglass check-sysdiagnose sysdiagnose_2024.01.15_10-20-30-0800_iPhone-OS_iPhone_21C66.tar.gz -o results/\n" +
    "  spyglass check-sysdiagnose sysdiagnose_2024.01.15_10-20-30-0800_iPhone-OS_iPhone_21C66/ --module shutdownlog");

  // Options only where they apply: the .ab password where a backup.ab can be, age where androidqf encrypts.
  const timezone = (c: Command) => c.option("-t, --timezone <iana>", "the device's time zone for local timestamps (default: from getprop, else UTC)");
  const abPassword = (c: Command) => c.option("--backup-password <password>", "password of an encrypted Android backup (prefer SPYGLASS_ANDROID_BACKUP_PASSWORD or the prompt)");
  const age = (c: Command) => c.option("--age-identity <file>", "androidqf's key.txt, for an age-encrypted acquisition (.zip.age)");
  checkCommand(program, "check-androidqf", ["androidqf", "bugreport", "android-backup", "intrusion-logs"], "check an androidqf acquisition (folder or zip), with its backup.ab, bugreport and intrusion logs", checkAndroidqf,
    "  spyglass check-androidqf ~/androidqf/5f2a… --output results/\n  spyglass check-androidqf acquisition.zip --backup-password … -o results/", (c) => age(abPassword(timezone(c))));
  checkCommand(program, "check-bugreport", ["bugreport"], "check an Android bugreport (zip or unpacked folder)", checkBugreport,
    "  spyglass check-bugreport bugreport-2024-05-01.zip -o results/", timezone);
  checkCommand(program, "check-android-backup", ["android-backup"], "check an Android backup (.ab file or unpacked folder holding apps/)", checkAndroidBackup,
    "  spyglass check-android-backup backup.ab -o results/", (c) => abPassword(timezone(c)));
  checkCommand(program, "check-intrusion-logs", ["intrusion-logs"], "check Android 16 Advanced Protection intrusion logs (folder or zip of NDJSON)", checkIntrusionLogs,
    "  spyglass check-intrusion-logs intrusion_logs/ --timezone Europe/Rome -o results/", timezone);

  program
    .command("decrypt-backup <src> <dest>")
    .description("write a decrypted copy of an encrypted backup (for other tools); the evidence is not changed")
    .option("-p, --password <password>", "the backup password (prefer SPYGLASS_BACKUP_PASSWORD or the prompt: options show in the process list)")
    .option("-k, --key-file <file>", "a key saved by extract-key instead of the password")
    .option("--json", "print a machine-readable summary")
    .addHelpText("after", `\nExamples:\n  spyglass decrypt-backup ~/Backups/00008030-001A decrypted/\n${DECRYPT_EXIT_HELP}`)
    .action(async (src: string, dest: string, o: { password?: string; keyFile?: string; json?: boolean }) => {
      process.exitCode = await decryptBackup(src, dest, o);
    });

  program
    .command("extract-key <src>")
    .description("derive the backup key once so later runs skip the slow password step (--key-file)")
    .option("-p, --password <password>", "the backup password (else SPYGLASS_BACKUP_PASSWORD or the prompt)")
    .option("-o, --output <file>", "save the key to this file (mode 600) instead of printing it")
    .addHelpText("after", "\nThe key is as sensitive as the password: anyone holding it can read the whole backup.\n\nExamples:\n  spyglass extract-key backup/ -o backup.key && spyglass check-backup backup/ --key-file backup.key\n" + DECRYPT_EXIT_HELP.replace("every file was decrypted", "the key was derived"))
    .action(async (src: string, o: { password?: string; output?: string }) => {
      process.exitCode = await extractKey(src, o);
    });

  program
    .command("check-iocs <results>")
    .description("re-check an earlier results folder against (new) indicators, without the evidence")
    .option("-i, --iocs <file>", IOCS_HELP, collect)
    .option("-o, --output <dir>", "write a new results folder: the earlier records, the new alerts, verdict and report (the earlier folder is not changed)")
    .option("--overwrite", OVERWRITE_HELP)
    .option("--json", "print the alerts as JSON")
    .addHelpText("after", `\nExamples:\n  spyglass check-iocs results/ --iocs new-campaign.stix2\n  spyglass check-iocs results/ --iocs new-campaign.stix2 --output results-2/\n${EXIT_HELP}`)
    .action(async (results: string, o: Partial<CommonOptions>) => {
      process.exitCode = await checkIocs(results, { json: false, ...o, iocs: o.iocs ?? [], indicators: true, output: o.output ?? "" });
    });

  registerReport(program);
  registerCheckLink(program);

  registerIndicators(program);
  registerWeb(program);

  try {
    if (argv.length <= 2) throw usageError("give a command, for example: spyglass check-backup BACKUP-FOLDER");
    await program.parseAsync(recoverRawPaths(argv));
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end here too, with exit code 0.
      if (err.exitCode === 0) return;
      const command = program.commands.find((c) => argv.slice(2).includes(c.name()))?.name();
      const msg = err.message.replace(/^error: /, "").replace(/\s*\n\s*/g, " ");
      process.stderr.write(`spyglass: ${terminalSafe(msg)} (see spyglass ${command ? command + " " : ""}--help)\n`);
      process.exitCode = EXIT.USAGE;
      return;
    }
    const msg = err instanceof SpyglassError ? (err.file && !err.message.includes(err.file) ? `${err.file}: ${err.message}` : err.message) : plainFsError(err) ?? (err instanceof Error ? err.message : String(err));
    process.stderr.write(`spyglass: ${terminalSafe(msg.split("\n")[0]!)}\n`);
    if (process.env.SPYGLASS_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    process.exitCode = err instanceof SpyglassError && err.code === "E_USAGE" ? EXIT.USAGE : EXIT.ERROR;
  }
}
