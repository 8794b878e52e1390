from flask import Flask

app = Flask(__name__)
app.config["MAIL_SERVER"] = "localhost"
app.config.from_prefixed_env()
mail_user = app.config.get("MAIL_USERNAME")
