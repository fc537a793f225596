import { existsSync } from 'fs';
import { join } from 'path';
import { Module } from '@nestjs/common';
import { ServeStaticModule } from '@nestjs/serve-static';
import { RootRedirectController } from './root-redirect.controller';

/**
 * The web playground (apps/playground, built by `npm run build` into dist/playground) as static files at /playground.
 * They are public: the page asks for the API key and keeps it in the browser; every call it makes goes through auth.
 * Found from the built server (dist/apps/api/src/playground) and from the sources (tests through ts-jest) alike.
 */
export const PLAYGROUND_DIR = [join(__dirname, '../../../../playground'), join(__dirname, '../../../../dist/playground')].find((dir) =>
  existsSync(join(dir, 'index.html')),
);

@Module({
  imports: PLAYGROUND_DIR
    ? [ServeStaticModule.forRoot({ rootPath: PLAYGROUND_DIR, serveRoot: '/playground', serveStaticOptions: { index: 'index.html' } })]
    : [],
  controllers: [RootRedirectController],
})
export class PlaygroundModule {}
