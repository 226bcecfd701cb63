import protobuf from 'protobufjs';
import { ONNX_SCHEMA } from './schema.js';
import type { ModelProto } from './types.js';

let root: protobuf.Root | undefined;

function modelType(): protobuf.Type {
  root ??= protobuf.Root.fromJSON(ONNX_SCHEMA as unknown as protobuf.INamespace);
  return root.lookupType('onnx.ModelProto');
}

/** Serialises a model to the ONNX protobuf wire format (what `.onnx` files hold). */
export function encodeModel(model: ModelProto): Uint8Array {
  const type = modelType();
  return type.encode(type.fromObject(model as unknown as Record<string, unknown>)).finish();
}

/** Parses `.onnx` bytes back into plain objects (int64 fields as numbers); for tests and inspection. */
export function decodeModel(bytes: Uint8Array): ModelProto {
  const type = modelType();
  return type.toObject(type.decode(bytes), { longs: Number, bytes: Uint8Array, defaults: false, arrays: true }) as unknown as ModelProto;
}
