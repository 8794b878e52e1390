"""Joi schemas of the environment: each upper-case key is a variable, optional unless `.required()`, with
`.default(v)` as its default; only schemas checked against process.env or handed to NestJS count."""

from __future__ import annotations

import textwrap

from secretguard.inventory.discover.js_joi import joi_reads


def reads(code: str, file: str = "src/config/config.js") -> dict[str, tuple[bool, str | None]]:
    return {r.name: (r.optional, r.default) for r in joi_reads(textwrap.dedent(code), file)}


def test_a_schema_validated_against_process_env() -> None:
    code = """
        const Joi = require('joi');

        const envVarsSchema = Joi.object()
          .keys({
            NODE_ENV: Joi.string().valid('production', 'development', 'test').required(),
            PORT: Joi.number().default(3000),
            MONGODB_URL: Joi.string().required().description('Mongo DB url'),
            JWT_ACCESS_EXPIRATION_MINUTES: Joi.number().default(30),
            SMTP_HOST: Joi.string().description('server that will send the emails'),
            LOG_LEVEL: Joi.string().when('NODE_ENV', {
              is: 'test', then: Joi.required(), otherwise: Joi.optional().default('x'),
            }),
          })
          .unknown();

        const { value: envVars, error } = envVarsSchema
          .prefs({ errors: { label: 'key' } })
          .validate(process.env);
        module.exports = { port: envVars.PORT };
    """
    assert reads(code) == {
        "NODE_ENV": (False, None),
        "PORT": (True, "3000"),
        "MONGODB_URL": (False, None),
        "JWT_ACCESS_EXPIRATION_MINUTES": (True, "30"),
        "SMTP_HOST": (True, None),
        "LOG_LEVEL": (True, None),  # what `when(...)` decides is not followed
    }


def test_a_nest_validation_schema() -> None:
    code = """
        import { Module } from '@nestjs/common';
        import { ConfigModule } from '@nestjs/config';
        import * as Joi from 'joi';

        @Module({
          imports: [
            ConfigModule.forRoot({
              validationSchema: Joi.object({
                DATABASE_URL: Joi.string().uri().required(),
                PORT: Joi.number().port().default(3000),
                REDIS: Joi.object({ host: Joi.string(), port: Joi.number() }),
              }),
            }),
          ],
        })
        export class AppModule {}
    """
    assert reads(code, "src/app.module.ts") == {
        "DATABASE_URL": (False, None),
        "PORT": (True, "3000"),
    }  # REDIS groups settings: not a variable


def test_a_schema_of_request_bodies_is_not_the_environment() -> None:
    code = """
        const Joi = require('joi');
        const createUser = {
          body: Joi.object().keys({ EMAIL: Joi.string().required(), name: Joi.string() }),
        };
        module.exports = { createUser };
    """
    assert reads(code, "src/validations/user.validation.js") == {}
