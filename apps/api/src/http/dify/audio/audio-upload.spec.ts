import { DifyError } from '../../dify-error';
import { uploadedAudio } from './audio-upload';

const file = (originalname: string, mimetype: string, size = 3) =>
  ({ originalname, mimetype, size, buffer: Buffer.alloc(size) }) as Express.Multer.File;
const refusal = (f: Express.Multer.File | undefined) => {
  try {
    uploadedAudio(f);
    return null;
  } catch (error) {
    return [(error as DifyError).getStatus(), (error as DifyError).code];
  }
};

describe('uploadedAudio', () => {
  it("takes Dify's formats by type, or by extension when the type says nothing, named with their extension", () => {
    expect(uploadedAudio(file('note.mp3', 'audio/mpeg')).name).toBe('note.mp3');
    expect(uploadedAudio(file('recording', 'audio/webm;codecs=opus')).name).toBe('recording.webm');
    expect(uploadedAudio(file('take 1.wav', 'audio/x-wav')).name).toBe('take_1.wav');
    expect(uploadedAudio(file('voice.m4a', 'application/octet-stream')).name).toBe('voice.m4a');
    expect(uploadedAudio(file('x.amr', 'audio/amr')).type).toBe('audio/amr');
  });

  it('refuses other types with 415 and a missing or empty file with 400', () => {
    expect(refusal(file('a.ogg', 'audio/ogg'))).toEqual([415, 'unsupported_audio_type']);
    expect(refusal(file('a.txt', 'application/octet-stream'))).toEqual([415, 'unsupported_audio_type']);
    expect(refusal(file('a.mp3', 'text/plain'))).toEqual([415, 'unsupported_audio_type']);
    expect(refusal(undefined)).toEqual([400, 'no_audio_uploaded']);
    expect(refusal(file('a.mp3', 'audio/mpeg', 0))).toEqual([400, 'no_audio_uploaded']);
  });
});
