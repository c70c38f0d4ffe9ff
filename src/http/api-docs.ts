import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
// The types only: they declare app.swagger(), which installApiDocs below provides.
import type {} from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { componentSchemas, docRoute } from './schemas/registry.ts';
import { webhooksSection } from './schemas/webhook-docs.ts';

const require = createRequire(import.meta.url);

type SwaggerFunction = FastifyInstance['swagger'];

/**
 * The OpenAPI document and the Swagger UI at /docs, both made on their first request.
 *
 * @fastify/swagger and @fastify/swagger-ui, registered as plugins, cost a restart ~0.25 s and ~8 MB
 * of an idle process before anyone asked for the docs: the spec builder loads `yaml` and its
 * resolver at registration, and the UI plugin loads @fastify/static and `glob` to serve 12 files.
 * Here only @fastify/swagger's route collector runs at start (an onRoute hook keeping each route's
 * options, which the document is made from); its builder loads on the first /docs/json or
 * /openapi.json. Both are @fastify/swagger's own code (lib/util, pinned by package-lock.json;
 * test/security.test.ts and the /openapi.json tests read what they make). The UI's files are
 * served from @fastify/swagger-ui's package directory by the route below.
 */
export function installApiDocs(app: FastifyInstance, openapi: Record<string, unknown>): void {
  // @fastify/swagger's defaults (lib/mode/dynamic.js) for an OpenAPI document.
  const options = {
    exposeRoute: false,
    hiddenTag: 'X-HIDDEN',
    hideUntagged: false,
    stripBasePath: true,
    openapi,
    swagger: {},
    // Named schemas as `$ref`s, in the document only: Fastify keeps the route schemas it was given.
    transform: ({ schema, url }: { schema?: Record<string, unknown>; url: string }) => ({
      schema: schema ? docRoute(schema) : schema,
      url,
    }),
    transformObject: ({ openapiObject }: { openapiObject: { components: { schemas: object } } }) => {
      openapiObject.components.schemas = { ...openapiObject.components.schemas, ...componentSchemas() };
      return { ...openapiObject, webhooks: webhooksSection };
    },
    decorator: 'swagger',
    refResolver: {
      buildLocalReference(
        json: { title?: string; $id?: string },
        _uri: unknown,
        _fragment: unknown,
        i: number,
      ) {
        if (!json.title && json.$id) json.title = json.$id;
        return `def-${i}`;
      },
    },
    convertConstToEnum: true,
  };
  const { addHook } = require('@fastify/swagger/lib/util/add-hook.js');
  const { routes, Ref } = addHook(app, options);
  const cache = { object: null, string: null };
  let build: SwaggerFunction | null = null;
  const swagger = ((opts?: { yaml?: boolean }) => {
    build ??= require('@fastify/swagger/lib/util/resolve-swagger-function.js').resolveSwaggerFunction(
      options,
      cache,
      routes,
      Ref,
    ) as SwaggerFunction;
    return build(opts as never);
  }) as SwaggerFunction;
  app.decorate('swagger', swagger);
  docsUi(app);
}

const uiDir = join(dirname(require.resolve('@fastify/swagger-ui/package.json')), 'static');

const contentTypes: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.js': 'application/javascript; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/** The files of swagger-ui's page, by name: nothing else of the package is served. */
const staticFile = /^[a-z0-9-]+(\.[a-z0-9]+)+$/;

/**
 * /docs: swagger-ui's page. /docs/json (and /docs/yaml) the document it shows; /docs/static/* its
 * scripts and styles. The same paths and page as @fastify/swagger-ui (its index.html and
 * swagger-initializer.js, with the validator badge off); security-headers.ts gives them their CSP.
 */
function docsUi(app: FastifyInstance): void {
  const hide = { schema: { hide: true } };
  const page = (prefix: string) => `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<title>docjobs API</title>
<link rel="stylesheet" type="text/css" href="${prefix}/swagger-ui.css" />
<link rel="stylesheet" type="text/css" href="${prefix}/index.css" />
<link rel="icon" type="image/png" href="${prefix}/favicon-32x32.png" sizes="32x32" />
<link rel="icon" type="image/png" href="${prefix}/favicon-16x16.png" sizes="16x16" />
</head>
<body>
<div id="swagger-ui"></div>
<script src="${prefix}/swagger-ui-bundle.js" charset="UTF-8"> </script>
<script src="${prefix}/swagger-ui-standalone-preset.js" charset="UTF-8"> </script>
<script src="${prefix}/swagger-initializer.js" charset="UTF-8"> </script>
</body>
</html>
`;
  // Relative to where the page is: /docs/ reads ./static, /docs reads /docs/static.
  app.get('/docs', hide, async (_request, reply) =>
    reply.type('text/html; charset=utf-8').send(page('/docs/static')),
  );
  app.get('/docs/', hide, async (_request, reply) =>
    reply.type('text/html; charset=utf-8').send(page('./static')),
  );
  app.get('/docs/json', hide, async () => app.swagger());
  app.get('/docs/yaml', hide, async (_request, reply) =>
    reply.type('application/x-yaml').send(app.swagger({ yaml: true })),
  );
  app.get('/docs/static/swagger-initializer.js', hide, async (_request, reply) =>
    reply.type(contentTypes['.js']!).send(initializer),
  );
  app.get<{ Params: { file: string } }>('/docs/static/:file', hide, async (request, reply) => {
    const { file } = request.params;
    const type = contentTypes[extname(file)];
    const path = join(uiDir, file);
    const found = staticFile.test(file) && type ? await stat(path).catch(() => null) : null;
    if (!found?.isFile()) return reply.callNotFound();
    return reply.type(type!).header('content-length', found.size).send(createReadStream(path));
  });
}

/** swagger-ui's start script: the document at ./json, no validator badge (it would call another host). */
const initializer = `window.onload = function () {
  function resolveUrl(url) {
    let currentHref = window.location.href.split('#', 1)[0];
    currentHref = currentHref.endsWith('/') ? currentHref : currentHref + '/';
    const anchor = document.createElement('a');
    anchor.href = currentHref + url;
    return anchor.href;
  }
  window.ui = SwaggerUIBundle({
    dom_id: '#swagger-ui',
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    plugins: [SwaggerUIBundle.plugins.DownloadUrl],
    layout: 'StandaloneLayout',
    validatorUrl: null,
    url: resolveUrl('./json'),
    oauth2RedirectUrl: resolveUrl('./static/oauth2-redirect.html'),
  });
};
`;
