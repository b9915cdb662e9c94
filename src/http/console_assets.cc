#include "http/console_assets.h"

#include <string_view>

#include "http/request_guard.h"

extern "C" {
extern const char mobilecs_console_html_begin[], mobilecs_console_html_end[];
extern const char mobilecs_console_js_begin[], mobilecs_console_js_end[];
extern const char mobilecs_console_css_begin[], mobilecs_console_css_end[];
}

namespace mobilecs::http {
namespace {

std::string_view between(const char* begin, const char* end) {
  return std::string_view(begin, static_cast<std::size_t>(end - begin));
}

void serve(Router& router, const std::string& path, std::string_view content,
           const char* content_type) {
  router.get(
      path, Access::anyone(),
      [content, content_type](const Request&, Response& res) {
        // The names do not change with the contents: ask the browser to check each time.
        res.set_header("Cache-Control", "no-cache");
        res.set_header("Content-Security-Policy", kPagePolicy);
        res.set(std::string(content), content_type);
      },
      Execution::kInline);
}

}  // namespace

void add_console_assets(Router& router) {
  const auto html = between(mobilecs_console_html_begin, mobilecs_console_html_end);
  serve(router, "/", html, "text/html; charset=utf-8");
  serve(router, "/console", html, "text/html; charset=utf-8");
  serve(router, "/assets/console.js", between(mobilecs_console_js_begin, mobilecs_console_js_end),
        "application/javascript; charset=utf-8");
  serve(router, "/assets/console.css",
        between(mobilecs_console_css_begin, mobilecs_console_css_end), "text/css; charset=utf-8");
}

}  // namespace mobilecs::http
