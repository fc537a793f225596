# The Forkline API. Built by docker-compose.yml; runs on EventStoreDB + MongoDB when their URLs are set.
FROM node:20-bookworm-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
# Node 20 ships npm 10, which ignores package.json's allowScripts (which dependencies may run install scripts).
RUN npm install -g npm@11
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/tools ./tools
COPY --from=build /app/tsconfig.json /app/package.json ./
# The image's own unprivileged user; the code stays root-owned (read-only to it), DATA_DIR is its own.
RUN mkdir -p /data && chown node:node /data
USER node
ENV HOST=0.0.0.0 PORT=3000 DATA_DIR=/data NODE_ENV=production
EXPOSE 3000
# The V8 flags of package.json's config.node_flags (see README "Memory").
CMD ["node", "--max-old-space-size=256", "--max-semi-space-size=8", "-r", "./tools/register-paths.js", "dist/apps/api/src/main.js"]
