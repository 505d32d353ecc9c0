import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    twilio: 'src/providers/twilio/index.ts',
    telnyx: 'src/providers/telnyx/index.ts',
    africastalking: 'src/providers/africastalking/index.ts',
    simulated: 'src/providers/simulated/index.ts',
    testing: 'src/testing/index.ts',
    'socket.io': 'src/realtime/socket-io/index.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
  platform: 'neutral',
});
