# docjobs: one image for every role (`serve`, `serve --no-worker`, `worker`). See README "Deployment".
#
# The project runs its TypeScript by Node's type stripping: no compile step, the image ships src/.
# Outside a container the npm `node` package brings Node 24; here the base image is Node 24, so
# that package is left out and bin/docjobs.js runs on the image's node directly.

FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: the only install scripts in the tree are the `node` package's (it fetches a second
# Node 24 binary, ~120 MB, which the image already has), tesseract.js's donation banner and
# onnxruntime-node's (it would fetch CUDA libraries from outside the npm registry; its CPU runtime
# is inside the package). The
# native modules need none: sharp and @napi-rs/canvas come as prebuilt glibc packages picked by npm
# from the lock file, and pg is plain JavaScript.
# `npm install`, not `npm ci`: ci rejects the current lock file as out of sync (it lacks the entries
# of other platforms' optional packages, e.g. "Missing: @biomejs/cli-android-arm64"); install keeps
# every locked version and, with --omit=dev, adds nothing. Switch to `npm ci` once the lock is whole.
# The console (web/) is built here with the dev tools (Vite, React), which are then pruned away:
# the image ships only web/dist.
COPY packages ./packages
COPY web ./web
RUN npm install --ignore-scripts --no-audit --no-fund \
 && rm -rf node_modules/node node_modules/.bin/node \
 && npm run build:web \
 && npm prune --omit=dev --ignore-scripts --no-audit --no-fund \
 && npm cache clean --force

FROM node:24-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    DATA_DIR=/data
WORKDIR /app
# OCR language data is the @tesseract.js-data packages inside node_modules: nothing is downloaded
# at run time. The OCR engine links them into a folder under /tmp on first use (writable here).
COPY --from=build /app/node_modules ./node_modules
COPY package.json ./
COPY --from=build /app/web/dist ./web/dist
# The CLI runs on @docjobs/client, a workspace package (node_modules links to it).
COPY packages ./packages
COPY bin ./bin
COPY src ./src
COPY THIRD-PARTY-NOTICES.md ./
# The image's own `node` user (uid 1000). DATA_DIR holds the embedded database (PGlite) and blobs
# when no DATABASE_URL / BLOB_URL is set; with them it stays empty.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8080
# No curl in the slim image: ask node. A `docjobs worker` has no port: compose.yaml turns this off there.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# node is PID 1 and handles SIGTERM itself (SHUTDOWN_GRACE_SECONDS); give `docker stop` longer than
# that grace (compose.yaml: stop_grace_period), or running jobs are killed and retried elsewhere.
CMD ["node", "bin/docjobs.js", "serve"]
