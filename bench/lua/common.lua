-- Shared by the wrk scripts: a thread number per wrk thread, and lines of a file.
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

function read_lines(path)
  local t = {}
  for line in io.lines(path) do
    if #line > 0 then t[#t + 1] = line end
  end
  return t
end
