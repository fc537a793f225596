import * as http from 'http';

/** What this file needs of an Express app: the objects it makes every request's and response's prototype. */
export interface ExpressPrototypes {
  request: object;
  response: object;
}

type Constructor = (this: object, ...args: unknown[]) => void;

/**
 * The request and response classes for Node's HTTP server that build them on the Express app's own prototypes from the
 * start. Express's `app.handle` moves each request and response onto them with Object.setPrototypeOf, which V8 does by
 * re-shaping the object halfway through its life: the property reads of Node's HTTP code, Express and Nest then meet
 * both shapes of every request and response (~0.4 ms of server CPU per request, measured on GET /langgraph/ok). Built
 * on them, the objects have one shape and that setPrototypeOf changes nothing (the prototype is already the one set).
 * Node's classes are plain constructor functions, callable on another object; these keep their names, which stack
 * traces show (`IncomingMessage.emit`).
 */
export function expressMessages(app: ExpressPrototypes): {
  IncomingMessage: typeof http.IncomingMessage;
  ServerResponse: typeof http.ServerResponse;
} {
  function IncomingMessage(this: object, ...args: unknown[]): void {
    (http.IncomingMessage as unknown as Constructor).apply(this, args);
  }
  IncomingMessage.prototype = app.request;
  function ServerResponse(this: object, ...args: unknown[]): void {
    (http.ServerResponse as unknown as Constructor).apply(this, args);
  }
  ServerResponse.prototype = app.response;
  return {
    IncomingMessage: IncomingMessage as unknown as typeof http.IncomingMessage,
    ServerResponse: ServerResponse as unknown as typeof http.ServerResponse,
  };
}
