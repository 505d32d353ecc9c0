import { createCallboardApi, createRealtimeClient, type Call } from '@callboard/core';
import { createPeerAudio, type PeerAudio } from './create-peer-audio.js';
import { joinSignalingRoom, type SignalingRoom } from './join-signaling-room.js';

const params = new URLSearchParams(window.location.search);
const token = params.get('token') ?? undefined;
const api = createCallboardApi({ url: '', ...(token ? { token } : {}) });
const client = createRealtimeClient({ url: window.location.origin, ...(token ? { token } : {}) });

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const log = (line: string) => {
  $('log').textContent += `${new Date().toLocaleTimeString()} ${line}\n`;
};

client.on('state', (state) => {
  $('realtime').textContent = state;
});
client.connect();

/** Places a call, then joins its room. */
$('dial').addEventListener('submit', (event) => {
  event.preventDefault();
  const to = $<HTMLInputElement>('number').value.trim();
  api.initiateCall({ to }).then(
    ({ callId, roomId }) => {
      const query = new URLSearchParams({ room: roomId, call: callId, ...(token ? { token } : {}) });
      window.history.replaceState(null, '', `?${query}`);
      void start(callId, roomId);
    },
    (error: Error) => log(`could not place the call: ${error.message}`),
  );
});

// Opened from a share link: join the room of a call someone placed.
const sharedRoom = params.get('room');
const sharedCall = params.get('call');
if (sharedRoom && sharedCall) void start(sharedCall, sharedRoom);

async function start(callId: string, roomId: string): Promise<void> {
  $('dial').classList.add('hidden');
  $('session').classList.remove('hidden');
  $('call-id').textContent = callId;
  const share = new URL(window.location.href);
  share.search = new URLSearchParams({ room: roomId, call: callId }).toString();
  $<HTMLAnchorElement>('share').href = share.toString();
  $('share').textContent = share.toString();

  // The call's live status, from the realtime feed of that call.
  const subscription = client.subscribeCall(callId);
  const showStatus = () => {
    const snapshot = client.store.getSnapshot();
    const resolved = snapshot.subscriptions[subscription.id]?.callId ?? callId;
    const call: Call | undefined = snapshot.calls.get(resolved);
    if (call) $('call-status').textContent = call.status;
  };
  client.store.subscribe(showStatus);
  showStatus();

  const localStream = await navigator.mediaDevices.getUserMedia({ audio: true, video: false });
  let audio: PeerAudio | undefined;
  const peers = new Set<string>();
  const room: SignalingRoom = joinSignalingRoom(client, { room: roomId, callId }, {
    joined(self, already) {
      $('room').textContent = `${roomId} as ${self}`;
      for (const peer of already) peers.add(peer);
      $('peers').textContent = String(peers.size);
      log(`joined as ${self}; ${already.length} peer(s) here`);
    },
    peerJoined(peerId) {
      peers.add(peerId);
      $('peers').textContent = String(peers.size);
      log(`${peerId} joined; calling it`);
      void audio?.call(peerId);
    },
    peerLeft(peerId) {
      peers.delete(peerId);
      $('peers').textContent = String(peers.size);
      audio?.drop(peerId);
      log(`${peerId} left`);
    },
    signal(type, from, payload) {
      log(`${type} from ${from}`);
      void audio?.receive(type, from, payload).catch((error: Error) => log(`webrtc: ${error.message}`));
    },
    problem(frame) {
      log(`relay: ${JSON.stringify(frame)}`);
    },
  });
  audio = createPeerAudio({
    localStream,
    send: (type, to, payload) => room.send(type, to, payload),
    onRemoteStream(peerId, stream) {
      $<HTMLAudioElement>('remote').srcObject = stream;
      log(`audio from ${peerId}`);
    },
    onState(peerId, state) {
      $('rtc').textContent = state;
      log(`link to ${peerId}: ${state}`);
    },
  });

  const stats = window.setInterval(() => {
    void audio?.bytesReceived().then((bytes) => {
      $('bytes').textContent = String(bytes);
    });
  }, 500);

  $('hangup').addEventListener('click', () => {
    window.clearInterval(stats);
    room.leave();
    audio?.close();
    for (const track of localStream.getTracks()) track.stop();
    subscription.unsubscribe();
    void api.terminateCall(callId).catch(() => undefined);
    $('rtc').textContent = 'closed';
  });
}
