"""Rails: a "mail URL" name whose fallback is a web page, a presence ternary that derives a mode from the
variable (no default), and a value a page template prints into an HTML attribute (public)."""

from __future__ import annotations

from pathlib import Path

from tests.inventory.discover.projects import project

_LIB = """
    module Shop
      PRODUCT_URL = 'https://www.shop.example'
      PRODUCT_EMAIL_URL = ENV.fetch('SHOP_PRODUCT_EMAIL_URL', PRODUCT_URL)
      SUPPORT_EMAIL_URL = ENV.fetch('SHOP_EMAIL_URL', nil)

      def self.default_url_options
        { protocol: ENV['SHOP_FORCE_SSL'].present? ? 'https' : 'http' }
      end

      def self.pool
        ENV['SHOP_POOL'].present? ? ENV['SHOP_POOL'].to_i : 5
      end
    end
"""

_LAYOUT = """
    <html>
      <head>
        <% if ENV['SHOP_ROLLBAR_CLIENT_TOKEN'] %>
          <meta name="rollbar-token" content="<%= ENV.fetch('SHOP_ROLLBAR_CLIENT_TOKEN', nil) %>">
        <% end %>
      </head>
      <body><%= yield %></body>
    </html>
"""


def test_rails_labels_and_defaults(tmp_path: Path) -> None:
    found = project(tmp_path, {"lib/shop.rb": _LIB, "app/views/layouts/application.html.erb": _LAYOUT})
    assert found["SHOP_PRODUCT_EMAIL_URL"].secret is False  # falls back to a web page
    assert found["SHOP_PRODUCT_EMAIL_URL"].default == "https://www.shop.example"
    assert found["SHOP_EMAIL_URL"].secret is True  # a mail server's URL carries its password
    assert found["SHOP_FORCE_SSL"].default is None  # a mode derived from X, not X's fallback
    assert found["SHOP_POOL"].default == "5"
    assert found["SHOP_ROLLBAR_CLIENT_TOKEN"].secret is False  # printed into every page
