// The JSON wire format shared by the server and the renderer: bytes as {"$bytes": base64} both ways.
import { describe, it, expect } from 'vitest';
import { toWire, fromWire, bytesToBase64, base64ToBytes } from '../../api/wire.ts';

describe('wire', () => {
  it('encodes bytes as standard base64, for every length', () => {
    for (let n = 0; n < 70; n++) {
      const b = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 255);
      const text = bytesToBase64(b);
      expect(text).toBe(Buffer.from(b).toString('base64'));
      expect(base64ToBytes(text)).toEqual(b);
    }
    const big = Uint8Array.from({ length: 100_003 }, (_, i) => (i * 7919) & 255);
    expect(bytesToBase64(big)).toBe(Buffer.from(big).toString('base64'));
  });

  it('round-trips Uint8Array fields anywhere in a value and leaves other values alone', () => {
    const value = { file_name: 'a.csv', data: new TextEncoder().encode('a,b\r\n1,€'), nested: [{ x: new Uint8Array([0, 255]) }], n: 1, s: 'x', z: null };
    const text = toWire(value);
    expect(JSON.parse(text).data).toEqual({ $bytes: Buffer.from(value.data).toString('base64') });
    expect(fromWire(text)).toEqual(value);
    expect(fromWire(toWire({ rows: [1, 2, { a: 'b' }] }))).toEqual({ rows: [1, 2, { a: 'b' }] });
    // An object that merely has a $bytes key among others stays an object.
    expect(fromWire('{"$bytes":"AA==","other":1}')).toEqual({ $bytes: 'AA==', other: 1 });
  });

  it('sends a Node Buffer as bytes too', () => {
    expect(fromWire(toWire({ data: Buffer.from('a,b\n') }))).toEqual({ data: new TextEncoder().encode('a,b\n') });
  });

  it('refuses text that is not base64', () => {
    expect(() => fromWire('{"data":{"$bytes":"@@@@"}}')).toThrow(/base64/);
  });
});
