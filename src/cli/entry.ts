/** Entry point of the bundled CLI. */
import { main } from "./main.ts";

await main(process.argv);
