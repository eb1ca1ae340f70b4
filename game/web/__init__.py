"""The classroom: a web server on the teacher's computer; trainees play in their phones' browsers.

`wire` turns a Session's views into the JSON a browser sees (never the answer key); `store`
keeps classes, trainees and their live sessions in SQLite or PostgreSQL; `classroom` applies a
trainee's commands and sums the class's figures; `app` is the Starlette application; `server`
starts it from the command line. The engine never learns of any of it.
"""
