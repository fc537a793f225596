import { createHash } from 'crypto';
import { DifyTestApp, startDifyTestApp } from './support/dify-app';
import { blobFiles, postForm, raw, sdkForm } from './support/dify-files';
import { difySdk } from './support/dify-sdk';
import { DIFY_SEED, seedProperties, seedSchemaErrors } from './support/dify-seed';
import { ALICE_KEY, BOB_KEY } from './support/test-app';

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('marker-bytes-4f7a91')]);

/** POST /v1/files/upload and GET /v1/files/{id}/preview, with Dify's SDK and raw multipart, checked against the seed. */
describe('Dify service API: files', () => {
  let d: DifyTestApp;
  let key: string;
  let bobKey: string;
  const v1 = (path: string) => `${d.t.baseUrl}/v1${path}`;

  beforeAll(async () => {
    d = await startDifyTestApp({ UPLOAD_FILE_SIZE_LIMIT: '1', UPLOAD_IMAGE_FILE_SIZE_LIMIT: '2' });
    key = (await d.newKey(await d.newAgent(ALICE_KEY, { slug: 'files-bot', name: 'Files' }))).key;
    bobKey = (await d.newKey(await d.newAgent(BOB_KEY, { slug: 'bobs-bot', name: 'Bob' }), BOB_KEY)).key;
  });
  afterAll(() => d.t.close());

  it("uploads through Dify's SDK (FormData) in the seed's shape; the log records the file, never its bytes", async () => {
    const up = await difySdk(v1(''), key, 'fileUpload', sdkForm({ bytes: PNG, name: 'photo.png', type: 'image/png' }, 'user-a'));
    expect(up.status).toBe(201);
    const file = up.data;
    expect(seedSchemaErrors('FileUploadResponse', file)).toEqual([]);
    expect(Object.keys(file).sort()).toEqual(seedProperties('FileUploadResponse'));
    expect(file).toMatchObject({ name: 'photo.png', size: PNG.length, extension: 'png', mime_type: 'image/png', conversation_id: null });
    expect(file.created_by).toBe(file.user_id);
    expect(Math.abs(file.created_at - Date.now() / 1000)).toBeLessThan(60);
    expect(await blobFiles(d.t.dataDir)).toContain(file.id);

    const log = await d.allEvents();
    const recorded = log.filter((e) => e.includes('"FileUploaded"')).map((e) => JSON.parse(e));
    expect(recorded).toHaveLength(1);
    expect(recorded[0].data).toMatchObject({
      fileId: file.id,
      name: 'photo.png',
      size: PNG.length,
      mimeType: 'image/png',
      endUserId: file.created_by,
      sha256: createHash('sha256').update(PNG).digest('hex'),
    });
    expect(log.some((e) => e.includes('marker-bytes') || e.includes(PNG.toString('base64')))).toBe(false);
    const endUser = await raw(v1(`/end-users/${file.created_by}`), key);
    expect(endUser.body).toMatchObject({ id: file.created_by, session_id: 'user-a' });
  });

  it('serves the bytes back with their type to the uploader (as_attachment: a download), and only to them', async () => {
    const name = 'résumé 日本.txt';
    const up = await postForm(v1('/files/upload'), key, [
      ['user', 'user-b'],
      ['file', { bytes: 'plain text\n', name, type: 'text/plain' }],
    ]);
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ name, extension: 'txt', size: 11 });
    const preview = await raw(v1(`/files/${up.body.id}/preview?user=user-b`), key);
    expect(preview.status).toBe(200);
    expect(preview.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(preview.bytes.toString()).toBe('plain text\n');
    expect(preview.headers.get('content-disposition')).toBeNull();
    expect(new URL(up.body.preview_url).pathname).toBe(`/v1/files/${up.body.id}/preview`);

    const download = await raw(v1(`/files/${up.body.id}/preview?user=user-b&as_attachment=true`), key);
    expect(download.headers.get('content-disposition')).toBe(
      `attachment; filename="résumé ??.txt"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%E6%97%A5%E6%9C%AC.txt`,
    );
    expect(download.bytes.toString()).toBe('plain text\n');

    const notFound = { status: 404, body: { code: 'file_not_found', message: 'The requested file was not found.', status: 404 } };
    const otherApp = (await d.newKey(await d.newAgent(ALICE_KEY, { slug: 'other-bot', name: 'Other' }))).key;
    for (const [url, k] of [
      [v1(`/files/${up.body.id}/preview?user=someone-else`), key],
      [v1(`/files/${up.body.id}/preview`), key],
      [v1(`/files/${up.body.id}/preview?user=user-b`), otherApp],
      [v1(`/files/${up.body.id}/preview?user=user-b`), bobKey],
      [v1(`/files/${crypto.randomUUID()}/preview?user=user-b`), key],
      [v1('/files/not-a-uuid/preview?user=user-b'), key],
    ]) {
      expect(await raw(url, k)).toMatchObject(notFound);
    }
    expect(
      DIFY_SEED.paths['/files/{file_id}/preview'].get.responses['404'].content['application/json'].examples.file_not_found.value,
    ).toEqual(notFound.body);
  });

  it("answers each refusal with the seed's code, writing nothing (no event, no blob)", async () => {
    const before = { events: await d.events.headPosition(), blobs: await blobFiles(d.t.dataDir) };
    const txt = (bytes: Buffer | string, name = 'a.txt') => ['file', { bytes, name, type: 'text/plain' }] as [string, any];
    const cases: Array<[Promise<any>, number, string]> = [
      [postForm(v1('/files/upload'), key, [['user', 'u']]), 400, 'no_file_uploaded'],
      [
        raw(v1('/files/upload'), key, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"user":"u"}' }),
        400,
        'no_file_uploaded',
      ],
      [postForm(v1('/files/upload'), key, [txt('x'), txt('y', 'b.txt')]), 400, 'too_many_files'],
      [postForm(v1('/files/upload'), key, [txt('x'), ['other', { bytes: 'y', name: 'b.txt' }]]), 400, 'too_many_files'],
      [
        postForm(v1('/files/upload'), key, [
          ['file', 'no filename'],
          ['user', 'u'],
        ]),
        400,
        'filename_not_exists_error',
      ],
      [postForm(v1('/files/upload'), key, [txt(Buffer.alloc(1024 * 1024 + 1))]), 413, 'file_too_large'],
      // Past the largest limit of any kind (video, 100 MB by default): refused while being read.
      [postForm(v1('/files/upload'), key, [txt(Buffer.alloc(2 * 1024 * 1024 + 1), 'big.png')]), 413, 'file_too_large'],
      [postForm(v1('/files/upload'), key, [txt('MZ', 'setup.exe')]), 415, 'unsupported_file_type'],
      [postForm(v1('/files/upload'), key, [txt('x', 'README')]), 415, 'unsupported_file_type'],
      [postForm(v1('/files/upload'), key, [txt('x', 'a:b.txt')]), 400, 'invalid_param'],
      [postForm(v1('/files/upload'), key, [txt('x'), ['user', 'u'.repeat(256)]]), 400, 'invalid_param'],
    ];
    for (const [request, status, code] of cases) {
      const answer = await request;
      expect({ status: answer.status, code: answer.body?.code }).toEqual({ status, code });
      expect(answer.body).toEqual({ code, message: expect.any(String), status });
    }
    const examples = (status: number) => DIFY_SEED.paths['/files/upload'].post.responses[status].content['application/json'].examples;
    expect((await postForm(v1('/files/upload'), key, [['user', 'u']])).body).toEqual(examples(400).no_file_uploaded.value);
    expect((await postForm(v1('/files/upload'), key, [txt('MZ', 'x.exe')])).body).toEqual(examples(415).unsupported_file_type.value);
    expect(await d.events.headPosition()).toBe(before.events);
    expect(await blobFiles(d.t.dataDir)).toEqual(before.blobs);
    expect((await postForm(v1('/files/upload'), ALICE_KEY, [txt('x')])).status).toBe(401);
  });

  it("documents upload (multipart) and preview in the OpenAPI document, with the seed's fields", async () => {
    const spec: any = await (await fetch(`${d.t.baseUrl}/docs-json`)).json();
    const upload = spec.paths['/v1/files/upload'].post;
    const form = upload.requestBody.content['multipart/form-data'].schema;
    const formSchema = form.$ref ? spec.components.schemas[form.$ref.split('/').pop()] : form;
    expect(formSchema.properties.file).toMatchObject({ type: 'string', format: 'binary' });
    expect(formSchema.properties.user).toMatchObject({ type: 'string' });
    expect(upload.responses['201'].content['application/json'].schema.$ref).toBe('#/components/schemas/FileUploadResponse');
    expect(Object.keys(upload.responses).sort()).toEqual(['201', '400', '401', '404', '413', '415', '429']);
    expect(Object.keys(spec.components.schemas.FileUploadResponse.properties).sort()).toEqual(seedProperties('FileUploadResponse'));
    const preview = spec.paths['/v1/files/{file_id}/preview'].get;
    expect(Object.keys(preview.responses['200'].content)).toEqual(['application/octet-stream']);
    expect(preview.parameters.map((p: any) => p.name).sort()).toEqual(['as_attachment', 'file_id', 'user']);
  });
});
