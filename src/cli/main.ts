/** The `spyglass` command line. */
import { Command } from "commander";
import { SpyglassError } from "../core/errors.ts";
import { artifactsFor } from "../artifacts/select.ts";
import { checkBackup } from "./check-backup.ts";
import { checkIocs } from "./check-iocs.ts";
import { registerReport } from "./report.ts";
import { registerCheckLink } from "./check-link.ts";
import { decryptBackup, extractKey } from "./decrypt-backup.ts";
import { checkAndroidBackup, checkAndroidqf, checkBugreport, checkIntrusionLogs } from "./check-android.ts";
import { registerIndicators } from "./indicators-cmd.ts";
import { EXIT, type CommonOptions } from "./common.ts";
import { table } from "./console.ts";
import { VERSION } from "./version.ts";
import type { InputKind } from "../core/artifact.ts";

const EXIT_HELP = `
Exit codes (one per verdict):
  0   no known traces found (this never proves a phone clean)
  10  traces of known spyware found: an indicator matched
  11  suspicious, needs expert review: heuristics, lookalike links, exploited versions
  1   error (the message names the file; a wrong password is one)
  2   usage error, or an indicator bundle with problems (indicators check)

Spyglass never goes online while it analyses: evidence stays on this machine.`;

const collect = (v: string, prev: string[] = []) => [...prev, v];

const passwordOptions = (c: Command) =>
  c
    .option("-p, --password <password>", "password of an encrypted backup (prefer SPYGLASS_BACKUP_PASSWORD or the no-echo prompt)")
    .option("-k, --key-file <file>", "key of an encrypted backup saved by extract-key");

function listModules(kind: InputKind): void {
  const rows = artifactsFor(kind).map((a) => [a.mvt, a.slug, a.description]);
  process.stdout.write(table(["module", "output", "what it reads"], rows) + "\n");
}

function checkCommand(program: Command, name: string, kind: InputKind, what: string, run: (path: string, o: CommonOptions) => Promise<number>, examples: string, extra: (c: Command) => Command = (c) => c) {
  extra(program.command(`${name} [path]`))
    .description(what)
    .option("-o, --output <dir>", "results folder (created if missing)", "spyglass-results")
    .option("-i, --iocs <file>", "STIX2 bundle or folder of bundles (repeatable; default: the bundled Amnesty indicators)", collect, [])
    .option("--no-indicators", "skip indicators: heuristics only")
    .option("-m, --module <name>", "run only this module and what it needs (repeatable)", collect)
    .option("-l, --list-modules", "list the modules and exit")
    .option("--json", "print a machine-readable summary on stdout")
    .addHelpText("after", `\nExamples:\n${examples}\n${EXIT_HELP}`)
    .action(async (path: string | undefined, o: CommonOptions & { listModules?: boolean }) => {
      if (o.listModules) return listModules(kind);
      if (!path) throw new SpyglassError("E_USAGE", `${name} needs a path (see spyglass ${name} --help)`);
      process.exitCode = await run(path, o);
    });
}

export async function main(argv: string[]): Promise<void> {
  const program = new Command("spyglass")
    .version(VERSION)
    .description("Checks a phone acquisition for traces of mercenary spyware (Pegasus, Predator and kin). Offline, MVT-compatible.")
    .showHelpAfterError()
    .addHelpText("after", EXIT_HELP);

  checkCommand(program, "check-backup", "ios-backup", "check an iTunes/Finder backup of an iPhone", checkBackup,
    "  spyglass check-backup ~/Library/Application\\ Support/MobileSync/Backup/00008030-001A --output results/\n" +
    "  spyglass check-backup backup/ --iocs pegasus.stix2 --iocs predator/ --json\n" +
    "  spyglass check-backup backup/ --module sms --no-indicators\n" +
    "  SPYGLASS_BACKUP_PASSWORD=… spyglass check-backup encrypted-backup/ -o results/",
    passwordOptions);

  const androidOptions = (c: Command) =>
    c
      .option("-p, --backup-password <password>", "password of an encrypted Android backup (prefer SPYGLASS_ANDROID_BACKUP_PASSWORD or the prompt)")
      .option("-t, --timezone <iana>", "the device's time zone for local timestamps (default: from getprop, else UTC)")
      .option("--age-identity <file>", "androidqf's key.txt, for an age-encrypted acquisition (.zip.age)");
  checkCommand(program, "check-androidqf", "androidqf", "check an androidqf acquisition (folder or zip), with its backup.ab, bugreport and intrusion logs", checkAndroidqf,
    "  spyglass check-androidqf ~/androidqf/5f2a… --output results/\n  spyglass check-androidqf acquisition.zip --backup-password … -o results/", androidOptions);
  checkCommand(program, "check-bugreport", "bugreport", "check an Android bugreport (zip or unpacked folder)", checkBugreport,
    "  spyglass check-bugreport bugreport-2024-05-01.zip -o results/", androidOptions);
  checkCommand(program, "check-android-backup", "android-backup", "check an Android backup (.ab file or unpacked folder holding apps/)", checkAndroidBackup,
    "  spyglass check-android-backup backup.ab -o results/", androidOptions);
  checkCommand(program, "check-intrusion-logs", "intrusion-logs", "check Android 16 Advanced Protection intrusion logs (folder or zip of NDJSON)", checkIntrusionLogs,
    "  spyglass check-intrusion-logs intrusion_logs/ --timezone Europe/Rome -o results/", androidOptions);

  program
    .command("decrypt-backup <src> <dest>")
    .description("write a decrypted copy of an encrypted backup (for other tools); the evidence is not changed")
    .option("-p, --password <password>", "the backup password (prefer SPYGLASS_BACKUP_PASSWORD or the prompt: options show in the process list)")
    .option("-k, --key-file <file>", "a key saved by extract-key instead of the password")
    .option("--json", "print a machine-readable summary")
    .addHelpText("after", `\nExamples:\n  spyglass decrypt-backup ~/Backups/00008030-001A decrypted/\n${EXIT_HELP}`)
    .action(async (src: string, dest: string, o: { password?: string; keyFile?: string; json?: boolean }) => {
      process.exitCode = await decryptBackup(src, dest, o);
    });

  program
    .command("extract-key <src>")
    .description("derive the backup key once so later runs skip the slow password step (--key-file)")
    .option("-p, --password <password>", "the backup password (else SPYGLASS_BACKUP_PASSWORD or the prompt)")
    .option("-o, --output <file>", "save the key to this file (mode 600) instead of printing it")
    .addHelpText("after", "\nThe key is as sensitive as the password: anyone holding it can read the whole backup.\n\nExamples:\n  spyglass extract-key backup/ -o backup.key && spyglass check-backup backup/ --key-file backup.key")
    .action(async (src: string, o: { password?: string; output?: string }) => {
      process.exitCode = await extractKey(src, o);
    });

  program
    .command("check-iocs <results>")
    .description("re-check an earlier results folder against (new) indicators, without the evidence")
    .option("-i, --iocs <file>", "STIX2 bundle or folder (repeatable; default: bundled)", collect, [])
    .option("--json", "print the alerts as JSON")
    .addHelpText("after", `\nExamples:\n  spyglass check-iocs results/ --iocs new-campaign.stix2\n${EXIT_HELP}`)
    .action(async (results: string, o: CommonOptions) => {
      process.exitCode = await checkIocs(results, { ...o, indicators: true, output: "" });
    });

  registerReport(program);
  registerCheckLink(program);

  registerIndicators(program);

  try {
    await program.parseAsync(argv);
  } catch (err) {
    const msg = err instanceof SpyglassError ? (err.file && !err.message.includes(err.file) ? `${err.file}: ${err.message}` : err.message) : err instanceof Error ? err.message : String(err);
    process.stderr.write(`spyglass: ${msg.split("\n")[0]}\n`);
    if (process.env.SPYGLASS_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    process.exitCode = err instanceof SpyglassError && err.code === "E_USAGE" ? EXIT.USAGE : EXIT.ERROR;
  }
}

