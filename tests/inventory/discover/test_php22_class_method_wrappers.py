"""A method reading the variable its parameter names is run by the calls that reach ITS class: `new C('X')`,
`C::m('X')`, `parent::__construct('X')` in a subclass, `$this->m('X')` inside it, `$v->m('X')` after
`$v = new C()`. Another class's constructor of the same name reads nothing, and a constructor called
without the argument reads the variable its parameter's default names."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import discovered, project

_READER = """
    <?php
    namespace Vendor\\Db;

    class DsnReader
    {
        private $dsn;

        public function __construct($variable = 'DATABASE_DSN')
        {
            $this->dsn = getenv($variable);
        }

        public static function fromEnv($variable)
        {
            return getenv($variable) ?: 'file';
        }

        public function reload()
        {
            return $this->other('IGNORED_HERE');
        }
    }
"""


def test_constructor_calls_of_other_classes_read_nothing(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "lib/db/DsnReader.php": _READER,
            "lib/calendar/Property.php": """
                <?php
                class Property
                {
                    public function __construct($name, $value) { $this->name = $name; $this->value = $value; }
                }
            """,
            "lib/calendar/Location.php": """
                <?php
                class Location extends Property
                {
                    public function __construct($value) { parent::__construct('LOCATION', $value); }
                }
            """,
            "lib/calendar/Summary.php": """
                <?php
                class Summary extends \\Calendar\\Property
                {
                    public function build($value) { return new Property('SUMMARY', $value); }
                }
            """,
            "app/bootstrap.php": """
                <?php
                $reader = new \\Vendor\\Db\\DsnReader();
                $replica = new Vendor\\Db\\DsnReader('REPLICA_DSN');
                $cache = \\Vendor\\Db\\DsnReader::fromEnv('CACHE_STORE');
            """,
        },
    )
    assert "LOCATION" not in found
    assert "SUMMARY" not in found
    assert found["DATABASE_DSN"].locations == ["app/bootstrap.php:2"]  # the parameter's default
    assert found["REPLICA_DSN"].locations == ["app/bootstrap.php:3"]
    assert found["CACHE_STORE"].default == "file"


def test_calls_through_a_subclass_this_and_an_instance(tmp_path: Path) -> None:
    found = project(
        tmp_path,
        {
            "src/Settings.php": """
                <?php
                class Settings
                {
                    public function __construct($prefix) { $this->prefix = $prefix; }

                    protected function read($key, $fallback = null)
                    {
                        return getenv($key) ?: $fallback;
                    }

                    public function mailer() { return $this->read('MAILER_HOST', 'localhost'); }
                }
            """,
            "src/QueueSettings.php": """
                <?php
                class QueueSettings extends Settings
                {
                    public function __construct() { parent::__construct('QUEUE'); }

                    public function driver() { return $this->read('QUEUE_DRIVER', 'sync'); }
                }
            """,
            "src/Report.php": """
                <?php
                class Report
                {
                    public function read($key) { return $this->rows[$key]; }

                    public function title() { return $this->read('REPORT_TITLE'); }
                }
            """,
            "src/Exporter.php": """
                <?php
                class Exporter
                {
                    public function run($settings, $report)
                    {
                        $s = new QueueSettings();
                        $s->read('EXPORT_DIR', '/tmp');
                        $report->read('UNKNOWN_RECEIVER');
                    }
                }
            """,
        },
    )
    assert found["MAILER_HOST"].default == "localhost"
    assert found["QUEUE_DRIVER"].default == "sync"
    assert found["EXPORT_DIR"].default == "/tmp"
    assert "QUEUE" not in found  # the constructor reads no variable
    assert "REPORT_TITLE" not in found
    assert "UNKNOWN_RECEIVER" not in found


def test_a_function_wrapper_is_still_matched_by_its_name(tmp_path: Path) -> None:
    result = discovered(
        tmp_path,
        {
            "app/helpers.php": """
                <?php
                function setting($key, $default = null) { return getenv($key) ?: $default; }
                function feature($name = 'FEATURE_FLAGS') { return getenv($name); }
            """,
            "app/boot.php": "<?php\n$tz = setting('APP_TZ', 'UTC');\n$flags = feature();\n",
        },
    )
    found = {v.name: v for v in result.variables}
    assert found["APP_TZ"].default == "UTC"
    assert found["FEATURE_FLAGS"].locations == ["app/boot.php:3"]
