/** A POST whose fields are all optional may come without a body (`curl -X POST`): read it as `{}`. */
export async function emptyBodyIsEmptyObject(request: { body: unknown }): Promise<void> {
  request.body ??= {};
}
