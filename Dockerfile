# syntax=docker/dockerfile:1
# georoute's container image (docs/deploy.md). Build: docker build -t georoute .
# Stage 1 compiles the TypeScript and packs the package exactly as `npm pack` publishes it; stage 2 installs that
# package with its production dependencies only (from package-lock.json), so the image holds what an
# `npm install georoute` user gets: dist/, bin/, examples/, schema/, no sources, tests or dev dependencies.
ARG NODE_IMAGE=node:20-bookworm

FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
# Scripts off: the package's own `prepare` (the build) needs the sources, copied below; tsx's esbuild is not needed.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json tsconfig.types.json ./
COPY scripts ./scripts
COPY src ./src
COPY sim ./sim
COPY bin ./bin
COPY examples ./examples
COPY schema ./schema
COPY README.md ./
RUN npm run build && npm pack --ignore-scripts --pack-destination /tmp
WORKDIR /app
RUN tar -xzf /tmp/georoute-*.tgz --strip-components=1 \
 && cp /src/package-lock.json ./ \
 && npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && npm rebuild better-sqlite3 \
 && rm package-lock.json

FROM ${NODE_IMAGE}-slim AS runtime
ENV NODE_ENV=production \
    PORT=8080 \
    GEOROUTE_LOG_LEVEL=info
COPY --from=build /app /app
# Code is root-owned and read-only for the process; audit stores, application profiles (SQLite) live in the data dir.
RUN mkdir -p /var/lib/georoute && chown node:node /var/lib/georoute
WORKDIR /var/lib/georoute
USER node
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/healthz/live').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Without GEOROUTE_CONFIG (or --config) it serves the bundled demo (examples/demo.yaml); relative paths in the
# configuration (server.dataDir: .data) resolve against the working directory, /var/lib/georoute.
ENTRYPOINT ["node", "/app/bin/georoute.js"]
CMD ["serve", "--host", "0.0.0.0"]
