/** The data of each event of a server-sent event stream (graphql-yoga's subscription transport), parsed as JSON. */
export async function* serverSentEvents(body: ReadableStream<BufferSource>): AsyncGenerator {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    buffered += value;
    let end: number;
    while ((end = buffered.indexOf('\n\n')) >= 0) {
      const event = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      const data = event
        .split('\n')
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).trim())
        .join('\n');
      if (data !== '') yield JSON.parse(data);
    }
  }
}
