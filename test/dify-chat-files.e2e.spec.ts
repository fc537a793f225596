import { DifyTestApp, startDifyTestApp } from './support/dify-app';
import { blobFiles, postForm, raw, sdkForm } from './support/dify-files';
import { difySdk } from './support/dify-sdk';
import { seedProperties, seedSchemaErrors } from './support/dify-seed';
import { ALICE_KEY, BOB_KEY, eventually } from './support/test-app';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Files on POST /v1/chat-messages (uploads and links), listed as message_files, and removed with their conversation. */
describe('Dify service API: files in chat messages', () => {
  let d: DifyTestApp;
  let key: string;
  const v1 = (path: string) => `${d.t.baseUrl}/v1${path}`;
  const sdk = (method: string, ...args: unknown[]) => difySdk(v1(''), key, method, ...args);
  const upload = async (user: string, name = 'chart.png', bytes = 'png-bytes', k = key) =>
    (await difySdk(v1(''), k, 'fileUpload', sdkForm({ bytes, name, type: 'image/png' }, user))).data;

  beforeAll(async () => {
    d = await startDifyTestApp();
    key = (await d.newKey(await d.newAgent(ALICE_KEY, { slug: 'chat-files', name: 'Chat files' }))).key;
  });
  afterAll(() => d.t.close());

  it("attaches an upload and a link to the user's message, listed as message_files in the seed's shape", async () => {
    const file = await upload('carol');
    const files = [
      { type: 'image', transfer_method: 'local_file', upload_file_id: file.id },
      { type: 'document', transfer_method: 'remote_url', url: 'https://example.com/docs/spec%20v1.pdf' },
    ];
    const sent = await sdk('createChatMessage', {}, 'What is in the chart?', 'carol', false, null, files);
    expect(sent.status).toBe(200);
    const history = await sdk('getConversationMessages', 'carol', sent.data.conversation_id, null, null);
    const [message] = history.data.data;
    // ajv-formats' `url` refuses loopback hosts: the test server's own address stands in for a public one.
    const publicHost = (item: any) => ({ ...item, url: item.url.replace(d.t.baseUrl, 'https://forkline.example') });
    expect(seedSchemaErrors('ConversationMessageItem', { ...message, message_files: message.message_files.map(publicHost) })).toEqual([]);
    expect(message.message_files).toHaveLength(2);
    for (const item of message.message_files) {
      expect(seedSchemaErrors('MessageFileItem', publicHost(item))).toEqual([]);
      expect(Object.keys(item).sort()).toEqual(seedProperties('MessageFileItem'));
      expect(item.id).toMatch(UUID);
    }
    const [local, remote] = message.message_files;
    expect(local).toMatchObject({
      filename: 'chart.png',
      type: 'image',
      mime_type: 'image/png',
      size: 9,
      transfer_method: 'local_file',
      belongs_to: 'user',
      upload_file_id: file.id,
    });
    expect(remote).toMatchObject({
      filename: 'spec v1.pdf',
      type: 'document',
      url: 'https://example.com/docs/spec%20v1.pdf',
      mime_type: null,
      size: null,
      transfer_method: 'remote_url',
      upload_file_id: null,
    });
    // The upload's url previews it, with the app key, for the end user who listed it.
    const preview = await raw(local.url, key);
    expect({ status: preview.status, text: preview.bytes.toString() }).toEqual({ status: 200, text: 'png-bytes' });

    const again = await sdk('createChatMessage', {}, 'No files now', 'carol', false, sent.data.conversation_id, null);
    expect(again.status).toBe(200);
    const listed = await sdk('getConversationMessages', 'carol', sent.data.conversation_id, null, null);
    expect(listed.data.data.map((m: any) => m.message_files.length)).toEqual([2, 0]);
  });

  it("refuses an upload that is unknown, another end user's or another app's, and bad file entries, writing nothing", async () => {
    const othersFile = await upload('dave');
    const otherAppKey = (await d.newKey(await d.newAgent(ALICE_KEY, { slug: 'other-app', name: 'Other' }))).key;
    const otherAppFile = await upload('erin', 'x.png', 'x', otherAppKey);
    const bobKey = (await d.newKey(await d.newAgent(BOB_KEY, { slug: 'bob-app', name: 'Bob' }), BOB_KEY)).key;
    const bobsFile = await upload('erin', 'b.png', 'b', bobKey);
    const before = await d.events.headPosition();
    const local = (id: string) => [{ type: 'image', transfer_method: 'local_file', upload_file_id: id }];
    const invalid = (field: string) => ({ status: 400, code: 'invalid_param', message: expect.stringContaining(field) });
    for (const [files, expected] of [
      [local(crypto.randomUUID()), { status: 400, code: 'invalid_param', message: 'files.0.upload_file_id: Invalid upload file' }],
      [local(othersFile.id), { status: 400, code: 'invalid_param', message: 'files.0.upload_file_id: Invalid upload file' }],
      [local(otherAppFile.id), invalid('files.0.upload_file_id')],
      [local(bobsFile.id), invalid('files.0.upload_file_id')],
      [local('not-a-uuid'), invalid('files.0.upload_file_id')],
      [[{ type: 'image', transfer_method: 'local_file' }], invalid('files.0.upload_file_id')],
      [[{ type: 'image', transfer_method: 'remote_url' }], invalid('files.0.url')],
      [[{ type: 'image', transfer_method: 'remote_url', url: 'file:///etc/passwd' }], invalid('files.0.url')],
      [[{ type: 'picture', transfer_method: 'local_file', upload_file_id: othersFile.id }], invalid('files.0.type')],
      [[{ type: 'image', transfer_method: 'tool_file' }], invalid('files.0.transfer_method')],
      ['one file', invalid('files')],
    ] as Array<[unknown, Record<string, unknown>]>) {
      const refused = await sdk('createChatMessage', {}, 'Look', 'erin', false, null, files);
      expect({ files, ...refused.error?.data }).toEqual({ files, ...expected });
    }
    expect(await d.events.headPosition()).toBe(before);
  });

  it("deletes a conversation's uploads with it (bytes gone, FileRemoved logged), in every branch; other uploads stay", async () => {
    const [kept, first, second] = [await upload('frank', 'kept.png'), await upload('frank', 'a.png'), await upload('frank', 'b.png')];
    const local = (id: string) => [{ type: 'image', transfer_method: 'local_file', upload_file_id: id }];
    const one = await sdk('createChatMessage', {}, 'First', 'frank', false, null, local(first.id));
    const conversation = one.data.conversation_id;
    await sdk('createChatMessage', {}, 'Second', 'frank', false, conversation, null);
    // A branch from the first answer, with the second upload in it.
    const branch = await d.api('POST', '/v1/chat-messages', key, {
      query: 'Branch',
      user: 'frank',
      inputs: {},
      conversation_id: conversation,
      parent_message_id: one.data.message_id,
      files: local(second.id),
    });
    expect(branch.status).toBe(200);
    expect(await blobFiles(d.t.dataDir)).toEqual(expect.arrayContaining([kept.id, first.id, second.id]));

    expect((await sdk('deleteConversation', conversation, 'frank')).status).toBe(204);
    const blobs = await blobFiles(d.t.dataDir);
    expect(blobs).toContain(kept.id);
    expect(blobs).not.toContain(first.id);
    expect(blobs).not.toContain(second.id);
    for (const id of [first.id, second.id]) {
      expect((await raw(v1(`/files/${id}/preview?user=frank`), key)).status).toBe(404);
    }
    expect((await raw(v1(`/files/${kept.id}/preview?user=frank`), key)).bytes.toString()).toBe('png-bytes');
    const removed = (await d.allEvents()).filter((e) => e.includes('"FileRemoved"')).map((e) => JSON.parse(e).data);
    expect(removed.filter((r: any) => [first.id, second.id].includes(r.fileId))).toEqual(
      expect.arrayContaining([
        { fileId: first.id, threadId: conversation },
        { fileId: second.id, threadId: expect.not.stringMatching(conversation) },
      ]),
    );
    expect(removed.filter((r: any) => [first.id, second.id].includes(r.fileId))).toHaveLength(2);
    expect(removed.filter((r: any) => r.fileId === kept.id)).toEqual([]);
    expect((await postForm(v1('/files/upload'), key, [['file', { bytes: 'x', name: 'y.txt' }]])).status).toBe(201);
  });

  it("removes a conversation's uploads when its owner deletes the thread through a native face (the stream janitor)", async () => {
    const file = await upload('gina', 'native.png');
    const sent = await sdk('createChatMessage', {}, 'Native', 'gina', false, null, [
      { type: 'image', transfer_method: 'local_file', upload_file_id: file.id },
    ]);
    expect(await blobFiles(d.t.dataDir)).toContain(file.id);
    const deleted = await d.api('DELETE', `/api/workflows/${sent.data.conversation_id}`, ALICE_KEY);
    expect(deleted.status).toBeLessThan(300);
    await eventually(
      () => blobFiles(d.t.dataDir),
      (blobs) => !blobs.includes(file.id),
    );
    expect((await raw(v1(`/files/${file.id}/preview?user=gina`), key)).status).toBe(404);
    const removed = (await d.allEvents()).filter((e) => e.includes('"FileRemoved"') && e.includes(file.id));
    expect(removed.map((e) => JSON.parse(e).data)).toEqual([{ fileId: file.id, threadId: sent.data.conversation_id }]);
  });
});
