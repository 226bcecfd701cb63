import type { Tensor } from '@tensorflow/tfjs-core';
import { ConfigError } from '@vaekit/core';
import { toAttributeProto, type AttrValue } from '../proto/attributes.js';
import { DataType, IR_VERSION, OPSET, type DataTypeCode, type DimensionProto, type GraphProto, type ModelProto, type NodeProto, type TensorProto, type ValueInfoProto } from '../proto/types.js';

/** A dimension: a size, or a symbolic name such as 'batch' or 'time'. */
export type Dim = number | string;

/** Element types of graph inputs, outputs and initializers. */
export type ElementType = 'float32' | 'int32' | 'int64';

const CODES: Record<ElementType, DataTypeCode> = { float32: DataType.FLOAT, int32: DataType.INT32, int64: DataType.INT64 };

/** A declared graph input or output. */
export interface ValueSpec {
  name: string;
  dtype: ElementType;
  shape: Dim[];
}

/**
 * Builds one ONNX graph: inputs (with symbolic dimensions such as 'batch'), initializers (copied
 * from tfjs tensors or given), nodes and outputs, with unique value and node names. Lowerings call
 * it; `toModel()` wraps the graph in a ModelProto (IR 8, opset 17) for `encodeModel`.
 */
export class GraphBuilder {
  private readonly nodes: NodeProto[] = [];
  private readonly initializers: TensorProto[] = [];
  private readonly inputs: ValueInfoProto[] = [];
  private readonly outputs: ValueInfoProto[] = [];
  private readonly used = new Set<string>();
  /** Initializers already made from a tensor, by tensor id: a shared weight is stored once. */
  private readonly fromTensor = new Map<number, string>();
  private nodeCount = 0;
  readonly inputSpecs: ValueSpec[] = [];
  readonly outputSpecs: ValueSpec[] = [];

  constructor(readonly name: string) {}

  /** A value name not used yet in this graph, based on `base` ('dense', 'dense_1', …). */
  unique(base: string): string {
    const clean = base.replace(/[^A-Za-z0-9_./:-]/g, '_') || 'v';
    let name = clean;
    for (let i = 1; this.used.has(name); i++) name = `${clean}_${i}`;
    this.used.add(name);
    return name;
  }

  /** Declares a graph input under exactly `name` (callers feed it by that name). */
  input(name: string, shape: Dim[], dtype: ElementType = 'float32'): string {
    if (this.used.has(name)) throw new ConfigError(`graph "${this.name}": input name "${name}" is already used`);
    this.used.add(name);
    this.inputs.push(valueInfo(name, shape, dtype));
    this.inputSpecs.push({ name, dtype, shape: [...shape] });
    return name;
  }

  /** Declares `value` as the graph output `name` (an Identity node renames it when the names differ). */
  output(name: string, value: string, shape: Dim[], dtype: ElementType = 'float32'): void {
    if (this.outputSpecs.some((o) => o.name === name)) throw new ConfigError(`graph "${this.name}": output "${name}" is declared twice`);
    let out = value;
    const isInput = this.inputSpecs.some((i) => i.name === value);
    if (value !== name || isInput) {
      if (this.used.has(name)) throw new ConfigError(`graph "${this.name}": output name "${name}" is already used by another value`);
      this.used.add(name);
      this.nodes.push(this.makeNode('Identity', [value], [name], {}));
      out = name;
    }
    this.outputs.push(valueInfo(out, shape, dtype));
    this.outputSpecs.push({ name: out, dtype, shape: [...shape] });
  }

  /** An initializer holding `data` with `shape`; returns its value name. */
  constant(base: string, data: Float32Array | Int32Array | BigInt64Array, shape: number[]): string {
    const size = shape.reduce((a, b) => a * b, 1);
    if (size !== data.length) throw new ConfigError(`graph "${this.name}": constant "${base}" has ${data.length} values for shape [${shape}]`);
    const dtype: ElementType = data instanceof Float32Array ? 'float32' : data instanceof Int32Array ? 'int32' : 'int64';
    const name = this.unique(base);
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    this.initializers.push({ name, dims: [...shape], dataType: CODES[dtype], rawData: Uint8Array.from(bytes) });
    return name;
  }

  /** A float32 initializer from numbers (scalars: shape []). */
  floats(base: string, values: ArrayLike<number>, shape: number[] = [values.length]): string {
    return this.constant(base, Float32Array.from(values), shape);
  }

  /** A 1-D int64 initializer (axes, shapes, pads given as inputs from opset 13 on). */
  int64s(base: string, values: number[]): string {
    return this.constant(base, BigInt64Array.from(values.map((v) => BigInt(v))), [values.length]);
  }

  /** An initializer with a tfjs tensor's current values (a Variable's weights), stored once per tensor. */
  weight(base: string, t: Tensor): string {
    const known = this.fromTensor.get(t.id);
    if (known) return known;
    const name = this.constant(base, Float32Array.from(t.dataSync() as Float32Array), [...t.shape]);
    this.fromTensor.set(t.id, name);
    return name;
  }

  /** Adds a node; returns its output value names. An empty string input means "optional input omitted". */
  node(opType: string, inputs: string[], attrs: Record<string, AttrValue> = {}, outputs: number | string[] = 1): string[] {
    const names = typeof outputs === 'number' ? Array.from({ length: outputs }, () => this.unique(opType.toLowerCase())) : outputs.map((o) => this.unique(o));
    this.nodes.push(this.makeNode(opType, inputs, names, attrs));
    return names;
  }

  /** Adds a single-output node; returns its output. */
  op(opType: string, inputs: string[], attrs: Record<string, AttrValue> = {}): string {
    return this.node(opType, inputs, attrs, 1)[0];
  }

  toGraph(): GraphProto {
    if (this.outputs.length === 0) throw new ConfigError(`graph "${this.name}" has no outputs`);
    return { name: this.name, node: [...this.nodes], initializer: [...this.initializers], input: [...this.inputs], output: [...this.outputs] };
  }

  toModel(options: { producerVersion: string; docString?: string }): ModelProto {
    return {
      irVersion: IR_VERSION,
      opsetImport: [{ domain: '', version: OPSET }],
      producerName: '@vaekit/onnx',
      producerVersion: options.producerVersion,
      ...(options.docString ? { docString: options.docString } : {}),
      graph: this.toGraph(),
    };
  }

  private makeNode(opType: string, inputs: string[], outputs: string[], attrs: Record<string, AttrValue>): NodeProto {
    this.nodeCount += 1;
    return { input: inputs, output: outputs, name: `${opType}_${this.nodeCount}`, opType, attribute: Object.entries(attrs).map(([k, v]) => toAttributeProto(k, v)) };
  }
}

function valueInfo(name: string, shape: Dim[], dtype: ElementType): ValueInfoProto {
  const dim: DimensionProto[] = shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d }));
  return { name, type: { tensorType: { elemType: CODES[dtype], shape: { dim } } } };
}
