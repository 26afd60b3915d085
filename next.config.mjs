// Plain JavaScript on purpose: Next.js compiles a next.config.ts with its SWC binary at every start, which would
// load that compiler into the production server's memory only to read these few settings.

const securityHeaders = [
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
];

/** @type {import("next").NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // Database drivers stay real Node modules: PGlite ships WebAssembly and data files that a bundler must not move,
  // and one copy of each driver per process lets the custom server and the app share the same connection.
  serverExternalPackages: ["@electric-sql/pglite", "postgres"],
  // `forbidden()`: a member who opens a tenant admin's page gets a 403 page that says why, not "Page not found".
  experimental: { authInterrupts: true },
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

export default nextConfig;
