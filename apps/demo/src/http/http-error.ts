/** An error with the HTTP status the client gets; `message` and `hint` go into the JSON body. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly hint?: string,
    /** A short machine-readable reason ('invalid-model-name', 'model-broken', …). */
    readonly reason?: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** The JSON body of every error response. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  hint?: string;
  reason?: string;
}
