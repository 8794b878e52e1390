"""A Django settings module kept as `docker.py.template` and copied into the image as a `.py` file is read as
Python; tailscale's envknob reads in Go."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project


def test_python_template_the_image_copies_as_a_module(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "Dockerfile": """
                FROM python:3.12
                COPY bugsink/conf_templates/docker.py.template bugsink_conf.py
                CMD ["gunicorn", "bugsink.wsgi"]
            """,
            "bugsink/conf_templates/docker.py.template": """
                import os
                DEBUG = os.getenv("DEBUG", "False").lower() in ("true", "1", "yes")
                MAX_EVENT_SIZE = int(os.getenv("MAX_EVENT_SIZE", 1024))
                EMAIL_HOST_PASSWORD = os.getenv("EMAIL_HOST_PASSWORD")
            """,
            "bugsink/conf_templates/local.py.template": """
                import os
                NOT_COPIED = os.getenv("NOT_COPIED")
            """,
        },
    )
    assert found["MAX_EVENT_SIZE"].default == "1024"
    assert found["MAX_EVENT_SIZE"].scope == "runtime"
    assert found["EMAIL_HOST_PASSWORD"].secret
    assert "DEBUG" in found
    assert "NOT_COPIED" not in found


def test_envknob_reads(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "go.mod": "module example.com/hs\n\ngo 1.22\n",
            "hscontrol/app.go": """
                package hscontrol

                import "tailscale.com/envknob"

                var (
                    debugDeadlock        = envknob.Bool("HEADSCALE_DEBUG_DEADLOCK")
                    debugDeadlockTimeout = envknob.RegisterDuration("HEADSCALE_DEBUG_DEADLOCK_TIMEOUT")
                    tailsqlTSKey         = envknob.String("TS_AUTHKEY")
                )
            """,
        },
    )
    assert {"HEADSCALE_DEBUG_DEADLOCK", "HEADSCALE_DEBUG_DEADLOCK_TIMEOUT", "TS_AUTHKEY"} <= set(found)
    assert found["HEADSCALE_DEBUG_DEADLOCK"].optional
    assert found["TS_AUTHKEY"].secret


def test_function_passing_its_parameter_to_viper(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "go.mod": "module example.com/hs\n\ngo 1.22\n",
            "types/config.go": """
                package types

                import (
                    "strings"

                    "github.com/spf13/viper"
                )

                func Load() {
                    viper.SetEnvPrefix("headscale")
                    viper.SetEnvKeyReplacer(strings.NewReplacer(".", "_"))
                    viper.AutomaticEnv()
                    _ = viper.GetString("server_url")
                    _, _ = parsePrefixConfig("prefixes.v4", "IPv4")
                }

                func parsePrefixConfig(key string, family string) (string, error) {
                    s := viper.GetString(key)
                    return s, nil
                }
            """,
        },
    )
    assert {"HEADSCALE_SERVER_URL", "HEADSCALE_PREFIXES_V4"} <= set(found)


def test_settings_fields_of_mixed_in_model_classes(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "lnbits/settings.py": """
                from pydantic import BaseModel, Field
                from pydantic_settings import BaseSettings


                class LNbitsSettings(BaseModel):
                    pass


                class LndRestFundingSource(LNbitsSettings):
                    lnd_rest_endpoint: str | None = Field(default=None)
                    lnd_rest_macaroon: str | None = Field(default=None)


                class FeeSettings(LNbitsSettings):
                    lnbits_reserve_fee_min: int = Field(default=2000)


                class FundingSourcesSettings(LndRestFundingSource, FeeSettings):
                    lnbits_backend_wallet_class: str = Field(default="VoidWallet")


                class PublicSettings(BaseModel):
                    not_a_setting: str = "x"


                class Settings(FundingSourcesSettings, BaseSettings):
                    lnbits_reserve_fee_min: int = Field(default=3000)

                    class Config:
                        env_file = ".env"
                        case_sensitive = False
            """,
        },
    )
    assert found["LND_REST_MACAROON"].secret
    assert found["LNBITS_BACKEND_WALLET_CLASS"].default == "VoidWallet"
    assert found["LNBITS_RESERVE_FEE_MIN"].default == "3000"  # the settings class's own field wins
    assert "LND_REST_ENDPOINT" in found
    assert "NOT_A_SETTING" not in found
