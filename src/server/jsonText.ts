/** A response body that is already serialized JSON, so the server sends it as is. */
export class JsonText {
  constructor(readonly text: string) {}
}
