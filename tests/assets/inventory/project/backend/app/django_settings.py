import environ

env = environ.Env(DJANGO_DEBUG=(bool, False))
environ.Env.read_env()

DEBUG = env("DJANGO_DEBUG")
SECRET_KEY = env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost"])
DATABASES = {"default": env.db()}
