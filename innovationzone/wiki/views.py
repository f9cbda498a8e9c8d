from flask import Blueprint

bp = Blueprint("wiki", __name__)
