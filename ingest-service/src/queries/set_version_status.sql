UPDATE foi_returns SET status = $3, reason = $4
WHERE return_id = $1::uuid AND version = $2
