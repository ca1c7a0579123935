// casebook
