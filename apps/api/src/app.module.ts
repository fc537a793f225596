import { DynamicModule, Module } from '@nestjs/common';
import { AuthModule } from './auth/auth.module';
import { AppConfig } from './config/app-config';
import { HealthModule } from './health/health.module';
import { CoreModule } from './infrastructure/core.module';
import { ThreadsModule } from './threads/threads.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: AppModule, imports: [AuthModule.forRoot(config), CoreModule.forRoot(config), HealthModule, ThreadsModule] };
  }
}
