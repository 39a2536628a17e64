// The interactive reference of /api/ (Swagger UI, served from our static files).
(function () {
  "use strict";
  var node = document.getElementById("swagger-ui");
  if (!node || typeof window.SwaggerUIBundle !== "function") {
    return;
  }
  window.SwaggerUIBundle({
    url: node.getAttribute("data-schema-url"),
    domNode: node,
    // Without deep links: a link inside each operation's button is a nested control (axe).
    deepLinking: false,
    // No request leaves the site: no validator badge from an outside service.
    validatorUrl: null,
    supportedSubmitMethods: ["get", "head"],
    defaultModelsExpandDepth: 0,
    docExpansion: "list",
    tryItOutEnabled: false,
  });
})();
