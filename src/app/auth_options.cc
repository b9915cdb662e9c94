#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <optional>
#include <sstream>
#include <system_error>
#include <thread>

#include "app/commands.h"
#include "app/stop_signal.h"
#include "files/secret_file.h"
#include "http/http_client.h"

namespace mobilecs::app {
namespace {

// Where the identity provider's keys come from, and fetching them again.
class JwksSource : public std::enable_shared_from_this<JwksSource> {
 public:
  JwksSource(const AuthSettings& settings, std::shared_ptr<auth::JwtVerifier> verifier)
      : file_(settings.jwks_file),
        url_(settings.jwks_url),
        ca_file_(settings.jwks_ca_file),
        verifier_(std::move(verifier)) {}

  // Reads the keys; throws saying where from and what is wrong.
  void load() {
    const std::string where = file_.empty() ? url_ : file_.string();
    std::string text;
    if (!file_.empty()) {
      std::ifstream in(file_);
      if (!in) throw std::runtime_error(fmt::format("cannot read the JWKS file {}", where));
      std::ostringstream content;
      content << in.rdbuf();
      text = content.str();
    } else {
      http::ClientOptions options;
      options.ca_file = ca_file_;
      const auto response = http::http_get(url_, {{"Accept", "application/json"}}, options);
      if (response.status != 200) {
        throw std::runtime_error(fmt::format("the JWKS at {} answered {}", where, response.status));
      }
      text = response.body;
    }
    try {
      const std::size_t keys = verifier_->set_keys(text);
      spdlog::info("{} signing key(s) of the identity provider from {}", keys, where);
    } catch (const std::runtime_error& e) {
      throw std::runtime_error(fmt::format("{} ({})", e.what(), where));
    }
  }

  // For a token signed by an unknown key: read the keys again, at most once a minute (a
  // stream of forged tokens must not become a stream of requests to the identity provider). A
  // URL is fetched on a thread of its own: the request that asked is refused rather than hold an
  // HTTP thread while the provider answers; the next ones find the new keys.
  bool refresh_for_unknown_key() {
    std::lock_guard lock(mutex_);
    const auto now = std::chrono::steady_clock::now();
    if (now - last_refresh_ < std::chrono::minutes(1)) return false;
    last_refresh_ = now;
    if (url_.empty()) return reload_logged();
    fetcher_ = std::jthread([this] { reload_logged(); });  // the previous one is long done
    return false;
  }

  // SIGHUP reads the keys again, while this source lives.
  void reload_on_hangup() {
    std::weak_ptr<JwksSource> weak = weak_from_this();
    hangup_.emplace(StopSignals::on_hangup([weak] {
      if (const auto self = weak.lock()) self->reload_logged();
    }));
  }

  bool reload_logged() {
    try {
      load();
      return true;
    } catch (const std::exception& e) {
      spdlog::error("keeping the identity provider's keys in use: {}", e.what());
      return false;
    }
  }

 private:
  std::filesystem::path file_;
  std::string url_;
  std::filesystem::path ca_file_;
  std::shared_ptr<auth::JwtVerifier> verifier_;
  std::mutex mutex_;
  std::chrono::steady_clock::time_point last_refresh_{};
  std::optional<StopSignals::Registration> hangup_;
  std::jthread fetcher_;  // last: joined first
};

}  // namespace

void add_auth_options(CLI::App& command, AuthSettings& settings) {
  const char* group = "Access (docs/security.md; MOBILECS_API_TOKEN: one token with every scope)";
  command
      .add_option("--api-tokens-file", settings.tokens_file,
                  "Static API tokens, hashed: NAME SHA256 SCOPES a line (`mobilecs api-token "
                  "create` writes them)")
      ->envname("MOBILECS_API_TOKENS_FILE")
      ->group(group);
  command
      .add_option("--jwks-file", settings.jwks_file,
                  "The identity provider's signing keys (a JWKS document) for JWTs")
      ->envname("MOBILECS_JWKS_FILE")
      ->group(group);
  command.add_option("--jwks-url", settings.jwks_url, "Where to fetch the JWKS instead")
      ->envname("MOBILECS_JWKS_URL")
      ->group(group);
  command
      .add_option("--jwks-ca-file", settings.jwks_ca_file,
                  "CA certificates (PEM) to check the JWKS URL's server by; default: the system's")
      ->envname("MOBILECS_JWKS_CA_FILE")
      ->group(group);
  command.add_option("--jwt-issuer", settings.jwt_issuer, "The `iss` JWTs must carry")
      ->envname("MOBILECS_JWT_ISSUER")
      ->group(group);
  command
      .add_option("--jwt-audience", settings.jwt_audiences,
                  "An `aud` a JWT may carry to be accepted (repeatable)")
      ->envname("MOBILECS_JWT_AUDIENCE")
      ->delimiter(',')
      ->capture_default_str()
      ->group(group);
  command
      .add_option("--jwt-leeway-seconds", settings.jwt_leeway_seconds,
                  "Clock skew allowed on a JWT's exp and nbf")
      ->check(CLI::Range(0, 600))
      ->capture_default_str()
      ->group(group);
  command
      .add_flag("--insecure-allow-anonymous", settings.allow_anonymous,
                "Let requests without a credential do everything (a closed test network only; "
                "logged as a warning and shown on /status)")
      ->group(group);
}

// MOBILECS_API_TOKEN, or the first line of the file MOBILECS_API_TOKEN_FILE names (a compose or
// Kubernetes secret); empty if neither is set.
std::string environment_api_token() {
  if (const char* token = std::getenv("MOBILECS_API_TOKEN"); token != nullptr && *token != '\0') {
    return token;
  }
  const char* file = std::getenv("MOBILECS_API_TOKEN_FILE");
  if (file == nullptr || *file == '\0') return {};
  return files::read_secret_line(file, "the API token (MOBILECS_API_TOKEN_FILE)");
}

bool credentials_configured(const AuthSettings& settings) {
  return !environment_api_token().empty() || !settings.tokens_file.empty() ||
         !settings.jwks_file.empty() || !settings.jwks_url.empty();
}

std::string console_token(const files::Folder& data_folder) {
  constexpr const char* kName = ".console-token";
  if (data_folder.contains(kName)) {
    const files::UniqueFd fd = data_folder.open_for_reading(kName);
    ::fchmod(fd.get(), 0600);  // its owner's only, whatever it was left with
    char text[128] = {};
    const ssize_t n = ::read(fd.get(), text, sizeof text - 1);
    std::string token(text, n > 0 ? static_cast<std::size_t>(n) : 0);
    while (!token.empty() && (token.back() == '\n' || token.back() == ' ')) token.pop_back();
    if (token.size() >= auth::kMinTokenLength) return token;
  }
  const std::string token = auth::new_api_token();
  auto [fd, tmp] = data_folder.create_temporary(kName);
  const std::string line = token + "\n";
  if (::fchmod(fd.get(), 0600) != 0 ||
      ::write(fd.get(), line.data(), line.size()) != static_cast<ssize_t>(line.size()) ||
      ::fsync(fd.get()) != 0) {
    data_folder.remove(tmp);
    throw std::filesystem::filesystem_error("cannot write", data_folder / kName,
                                            std::error_code(errno, std::generic_category()));
  }
  data_folder.rename(tmp, data_folder, kName);
  return token;
}

std::string console_address(const std::string& scheme, const std::string& host, int port,
                            const std::string& token) {
  const std::string name = host == "0.0.0.0" || host == "::"     ? "127.0.0.1"
                           : host.find(':') != std::string::npos ? "[" + host + "]"
                                                                 : host;
  return fmt::format("{}://{}:{}/?token={}", scheme, name, port, token);
}

std::shared_ptr<auth::Authenticator> make_authenticator(const AuthSettings& settings,
                                                        const std::string* fallback) {
  auth::ApiTokens tokens;
  if (const std::string token = environment_api_token(); !token.empty()) {
    tokens.add_plain("MOBILECS_API_TOKEN", token, auth::Scopes::all());
  }
  if (!settings.tokens_file.empty()) tokens.load_file(settings.tokens_file);
  std::shared_ptr<auth::JwtVerifier> verifier;
  std::shared_ptr<JwksSource> jwks;
  if (!settings.jwks_file.empty() || !settings.jwks_url.empty()) {
    if (!settings.jwks_file.empty() && !settings.jwks_url.empty()) {
      throw std::runtime_error("give --jwks-file or --jwks-url, not both");
    }
    if (settings.jwt_issuer.empty()) {
      throw std::runtime_error(
          "JWTs need --jwt-issuer (the `iss` of the identity provider's tokens)");
    }
    verifier = std::make_shared<auth::JwtVerifier>(
        auth::JwtConfig{settings.jwt_issuer, settings.jwt_audiences,
                        std::chrono::seconds(settings.jwt_leeway_seconds)});
    jwks = std::make_shared<JwksSource>(settings, verifier);
    jwks->load();
  } else if (!settings.jwt_issuer.empty()) {
    throw std::runtime_error("--jwt-issuer needs the keys: --jwks-file or --jwks-url");
  }
  if (fallback != nullptr && tokens.empty() && !verifier && !settings.allow_anonymous) {
    tokens.add_plain("console", *fallback, auth::Scopes::all());
  }
  auto authenticator =
      std::make_shared<auth::Authenticator>(std::move(tokens), verifier, settings.allow_anonymous);
  if (jwks) {
    authenticator->on_unknown_key([jwks] { return jwks->refresh_for_unknown_key(); });
    jwks->reload_on_hangup();
  }
  if (settings.allow_anonymous) {
    spdlog::warn(
        "--insecure-allow-anonymous: anyone who reaches this process may read and change usage "
        "data without a credential");
  }
  return authenticator;
}

}  // namespace mobilecs::app
