#pragma once

#include <boost/asio/ssl/context.hpp>
#include <memory>

#include "http/http_config.h"

namespace mobilecs::http {

// A server TLS context from a PEM certificate chain and key: TLS 1.2 and 1.3 only. Throws
// std::runtime_error naming the file that cannot be used.
std::shared_ptr<boost::asio::ssl::context> make_tls_context(const TlsFiles& files);

}  // namespace mobilecs::http
