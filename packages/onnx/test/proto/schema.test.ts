import { existsSync } from 'node:fs';
import { join } from 'node:path';
import protobuf from 'protobufjs';
import { decodeModel, encodeModel, GraphBuilder, attr } from '@vaekit/onnx';
import { describe, expect, it } from 'vitest';
import { ONNX_SCHEMA } from '../../src/proto/schema.js';
import { PYTHON_ONNX_DIR, SKIP_REASON } from '../python-onnx.js';

const protoFile = PYTHON_ONNX_DIR ? join(PYTHON_ONNX_DIR, 'onnx.proto') : undefined;
const hasProto = !!protoFile && existsSync(protoFile);

type Fields = Record<string, { type: string; id: number; rule?: string }>;
type Node = { fields?: Fields; nested?: Record<string, Node> };

/** Every message of a JSON descriptor, by dotted name. */
function messages(nested: Record<string, Node>, prefix = ''): [string, Fields][] {
  return Object.entries(nested).flatMap(([name, node]) => [...(node.fields ? [[`${prefix}${name}`, node.fields] as [string, Fields]] : []), ...(node.nested ? messages(node.nested, `${prefix}${name}.`) : [])]);
}

describe('the ONNX protobuf subset', () => {
  const title = "every field's number, type, label, packing and presence equal Debian's onnx.proto";
  (hasProto ? it : it.skip)(hasProto ? title : `${title} — ${SKIP_REASON}`, () => {
    const upstream = protobuf.loadSync(protoFile as string);
    const ours = messages(ONNX_SCHEMA.nested.onnx.nested as unknown as Record<string, Node>);
    const built = protobuf.Root.fromJSON(ONNX_SCHEMA as unknown as protobuf.INamespace);
    expect(ours.length).toBeGreaterThanOrEqual(10);
    for (const [name, fields] of ours) {
      const type = upstream.lookupType(`onnx.${name}`);
      for (const [field, spec] of Object.entries(fields)) {
        const theirs = type.fields[field];
        expect(theirs, `${name}.${field}`).toBeDefined();
        expect(theirs.id, `${name}.${field} id`).toBe(spec.id);
        expect(theirs.repeated, `${name}.${field} repeated`).toBe(spec.rule === 'repeated');
        // the same wire encoding: packing of repeated scalars, presence (zeros written) of singular ones
        const mine = built.lookupType(`onnx.${name}`).fields[field];
        expect(mine.packed, `${name}.${field} packed`).toBe(theirs.packed);
        expect(Boolean(mine.hasPresence), `${name}.${field} presence`).toBe(Boolean(theirs.hasPresence));
        // an enum is an int32 on the wire
        const theirType = theirs.resolve().resolvedType instanceof protobuf.Enum ? 'int32' : theirs.type.split('.').pop();
        expect(theirType, `${name}.${field} type`).toBe(spec.type);
      }
    }
  });

  it('encodes a model that decodes back to the same graph (names, attributes, symbolic dims, initializer bytes)', () => {
    const g = new GraphBuilder('roundtrip');
    const x = g.input('x', ['batch', 3]);
    const w = g.floats('w', [1, 2, 3, 4, 5, 6], [3, 2]);
    g.output('y', g.op('Gemm', [x, w], { transB: attr.int(0), alpha: attr.float(0.5) }), ['batch', 2]);
    const model = decodeModel(encodeModel(g.toModel({ producerVersion: '9.9.9' })));
    expect(model).toMatchObject({ irVersion: 8, opsetImport: [{ version: 17 }], producerName: '@vaekit/onnx', producerVersion: '9.9.9' });
    expect(model.graph.input[0]).toMatchObject({ name: 'x', type: { tensorType: { elemType: 1, shape: { dim: [{ dimParam: 'batch' }, { dimValue: 3 }] } } } });
    const gemm = model.graph.node.find((n) => n.opType === 'Gemm');
    expect(gemm?.attribute).toEqual([{ name: 'transB', type: 2, i: 0 }, { name: 'alpha', type: 1, f: 0.5 }].map((a) => expect.objectContaining(a)));
    const init = model.graph.initializer[0];
    expect(init.dims).toEqual([3, 2]);
    expect(Array.from(new Float32Array(Uint8Array.from(init.rawData).buffer))).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
