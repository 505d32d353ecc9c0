import type { SignalType } from './join-signaling-room.js';

/** Options of {@link createPeerAudio}. */
export interface PeerAudioOptions {
  /** The microphone stream sent to every peer. */
  localStream: MediaStream;
  /** Sends a signaling message to a peer through the relay. */
  send(type: SignalType, to: string, payload?: unknown): void;
  /** A peer's audio arrived. */
  onRemoteStream(peerId: string, stream: MediaStream): void;
  /** A peer connection changed state (`connecting`, `connected`, `failed`, ...). */
  onState(peerId: string, state: RTCPeerConnectionState): void;
  /** ICE servers (the relay's `joined.iceServers`, when configured). */
  iceServers?: RTCIceServer[];
}

/** Audio peer connections to the other peers of a room. */
export interface PeerAudio {
  /** Calls a peer: we are the earlier joiner, so we make the offer. */
  call(peerId: string): Promise<void>;
  /** Handles a relayed message from a peer. */
  receive(type: SignalType, from: string, payload: unknown): Promise<void>;
  /** Closes the connection to one peer. */
  drop(peerId: string): void;
  /** Bytes of audio received from every peer so far. */
  bytesReceived(): Promise<number>;
  close(): void;
}

/**
 * Plain WebRTC audio between the peers of a room: the earlier joiner offers, the later one
 * answers, candidates that arrive before the remote description wait for it.
 */
export function createPeerAudio(options: PeerAudioOptions): PeerAudio {
  const peers = new Map<string, { pc: RTCPeerConnection; early: RTCIceCandidateInit[] }>();

  function connection(peerId: string) {
    const existing = peers.get(peerId);
    if (existing) return existing;
    const pc = new RTCPeerConnection({ iceServers: options.iceServers ?? [] });
    const entry = { pc, early: [] as RTCIceCandidateInit[] };
    peers.set(peerId, entry);
    for (const track of options.localStream.getTracks()) pc.addTrack(track, options.localStream);
    pc.onicecandidate = (event) => options.send('ice-candidate', peerId, event.candidate ? event.candidate.toJSON() : null);
    pc.ontrack = (event) => options.onRemoteStream(peerId, event.streams[0] ?? new MediaStream([event.track]));
    pc.onconnectionstatechange = () => options.onState(peerId, pc.connectionState);
    return entry;
  }

  async function flushEarly(entry: { pc: RTCPeerConnection; early: RTCIceCandidateInit[] }) {
    for (const candidate of entry.early.splice(0)) await entry.pc.addIceCandidate(candidate);
  }

  return {
    async call(peerId) {
      const { pc } = connection(peerId);
      await pc.setLocalDescription(await pc.createOffer());
      options.send('offer', peerId, pc.localDescription!.toJSON());
    },
    async receive(type, from, payload) {
      if (type === 'offer') {
        const entry = connection(from);
        await entry.pc.setRemoteDescription(payload as RTCSessionDescriptionInit);
        await flushEarly(entry);
        await entry.pc.setLocalDescription(await entry.pc.createAnswer());
        options.send('answer', from, entry.pc.localDescription!.toJSON());
      } else if (type === 'answer') {
        const entry = peers.get(from);
        if (!entry) return;
        await entry.pc.setRemoteDescription(payload as RTCSessionDescriptionInit);
        await flushEarly(entry);
      } else if (type === 'ice-candidate') {
        const entry = connection(from);
        if (payload === null) return;
        if (entry.pc.remoteDescription) await entry.pc.addIceCandidate(payload as RTCIceCandidateInit);
        else entry.early.push(payload as RTCIceCandidateInit);
      } else if (type === 'renegotiate') {
        await this.call(from);
      } else if (type === 'leave') {
        this.drop(from);
      }
    },
    drop(peerId) {
      peers.get(peerId)?.pc.close();
      peers.delete(peerId);
    },
    async bytesReceived() {
      let total = 0;
      for (const { pc } of peers.values()) {
        const stats = await pc.getStats();
        stats.forEach((report: { type: string; kind?: string; bytesReceived?: number }) => {
          if (report.type === 'inbound-rtp' && report.kind === 'audio') total += report.bytesReceived ?? 0;
        });
      }
      return total;
    },
    close() {
      for (const peerId of [...peers.keys()]) this.drop(peerId);
    },
  };
}
