// Runs the `callboard` CLI from its TypeScript source (tests start it with
// `node --conditions=@callboard/source --import tsx`), so tests need no build.
import { main } from '../main.ts';

process.exitCode = await main(process.argv.slice(2));
