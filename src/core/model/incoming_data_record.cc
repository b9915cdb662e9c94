#include "core/model/incoming_data_record.h"

#include <string>

namespace mobilecs::core {
namespace {

// The namespace of mobilecs internal ids: name_uuid_v5(RFC 4122 URL namespace,
// "urn:mobilecs:incoming-data-record"), fixed forever so re-imports agree.
// 552450dd-c47b-5775-87ce-b920a6ad03cc
constexpr Uuid kInternalIdNamespace{{0x55, 0x24, 0x50, 0xdd, 0xc4, 0x7b, 0x57, 0x75, 0x87, 0xce,
                                     0xb9, 0x20, 0xa6, 0xad, 0x03, 0xcc}};

}  // namespace

Uuid internal_id_for(std::string_view external_id, std::string_view msisdn) {
  if (auto uuid = Uuid::parse(external_id)) {
    return *uuid;
  }
  std::string name;
  name.reserve(external_id.size() + 1 + msisdn.size());
  name.append(external_id).append(";").append(msisdn);
  return name_uuid_v5(kInternalIdNamespace, name);
}

}  // namespace mobilecs::core
