#include "kafka/client_config.h"

#include <gtest/gtest.h>
#include <librdkafka/rdkafka.h>

#include "kafka/kafka_error.h"
#include "testing/temp_dir.h"

namespace mobilecs::kafka {
namespace {

using mobilecs::testing::TempDir;
using mobilecs::testing::write_text;

TEST(ClientSettings, APropertiesFileGivesSettingsAndSaysWhereItIsWrong) {
  TempDir dir;
  write_text(dir / "client.properties",
             "# the importer's credentials\n"
             "security.protocol = SASL_SSL\n"
             "! also a comment\n"
             "\n"
             "sasl.password=p=a=s=s\r\n");
  const auto settings = read_client_settings((dir / "client.properties").string());
  ASSERT_EQ(settings.size(), 2u);
  EXPECT_EQ(settings[0], (std::pair<std::string, std::string>{"security.protocol", "SASL_SSL"}));
  EXPECT_EQ(settings[1], (std::pair<std::string, std::string>{"sasl.password", "p=a=s=s"}));
  write_text(dir / "bad.properties", "sasl.username=a\nno equals sign\n");
  try {
    read_client_settings((dir / "bad.properties").string());
    FAIL();
  } catch (const KafkaError& e) {
    EXPECT_NE(std::string(e.what()).find("bad.properties:2: expected key=value"), std::string::npos)
        << e.what();
  }
}

TEST(ClientSettings, SecretsAreNeverShown) {
  for (const char* name :
       {"sasl.password", "ssl.key.password", "ssl.key.pem", "sasl.oauthbearer.client.secret",
        "sasl.jaas.config", "ssl.keystore.password", "sasl.oauthbearer.config"}) {
    EXPECT_TRUE(is_secret_setting(name)) << name;
    EXPECT_EQ(printable_setting(name, "hunter2").find("hunter2"), std::string::npos) << name;
  }
  EXPECT_FALSE(is_secret_setting("security.protocol"));
  EXPECT_EQ(printable_setting("security.protocol", "SASL_SSL"), "security.protocol=SASL_SSL");
}

TEST(ClientSettings, AMisspeltSettingIsRefusedWithoutItsValue) {
  KafkaConfig config;
  config.client_settings = {{"sasl.pasword", "hunter2"}};
  try {
    rd_kafka_conf_destroy(ClientConfig(config, "test").build_c());
    FAIL();
  } catch (const KafkaError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("sasl.pasword"), std::string::npos) << what;
    EXPECT_EQ(what.find("hunter2"), std::string::npos) << what;
  }
}

}  // namespace
}  // namespace mobilecs::kafka
