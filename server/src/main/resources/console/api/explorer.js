// Swagger UI on Imprint's own OpenAPI document. A file of its own: the console's
// Content-Security-Policy allows no inline script.
window.ui = SwaggerUIBundle({
  url: "../../openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
  presets: [SwaggerUIBundle.presets.apis],
  // the token is pasted into Authorize for this page only, never kept
  persistAuthorization: false,
});
